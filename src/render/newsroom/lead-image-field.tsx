import { MEDIA_LIMITS } from '../../content/media-input.js';

// The story's lead image in the editor's settings: which library image, and this story's
// own caption, credit and alt text (empty keeps the library's, which each hint quotes).
// Without JavaScript the choice is a plain select of the recent images, labelled by alt
// text and credit, with the chosen one's thumbnail above it. With JavaScript
// (client/newsroom/lead-image-picker.ts) a "Choose image" button opens the dialog below:
// a search of the whole library (GET /admin/media.json?q=) as a listbox of thumbnails.

export interface LeadImageChoice {
  key: string;
  /** A same-origin thumbnail, or null while the sizes are being made. */
  thumb: string | null;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
}

export interface LeadImageView {
  /** The chosen image's media key, '' for none. */
  selected: string;
  /** The chosen image as the library has it (null: none, or not among the choices). */
  chosen: LeadImageChoice | null;
  /** The story's own text; '' keeps the library's. */
  own: { alt: string; caption: string; credit: string };
  /** The recent library images the select offers. */
  choices: LeadImageChoice[];
}

const choiceLabel = (c: LeadImageChoice) => `${c.alt || c.key}${c.credit ? ` — ${c.credit}` : ''}`;
const libraryHint = (what: string, value: string | undefined) =>
  value ? `Leave empty to use the library's ${what}: “${value}”.` : `The library has no ${what} for this image.`;

function Preview({ image }: { image: LeadImageChoice | null }) {
  if (!image) return <p class="lead-image-none">No lead image yet.</p>;
  return (
    <figure class="lead-image-current">
      {image.thumb ? (
        <img src={image.thumb} alt="" width={image.width} height={image.height} />
      ) : (
        <span class="media-pending">Making sizes…</span>
      )}
      <figcaption>{image.alt || `No alt text yet (${image.key})`}</figcaption>
    </figure>
  );
}

function OwnText({
  id,
  name,
  label,
  value,
  max,
  hint,
  what,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  max: number;
  hint: string;
  what: string;
}) {
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <span class="hint" id={`${id}-hint`} data-library-hint={what}>
        {hint}
      </span>
      <input id={id} name={name} type="text" value={value} maxLength={max} aria-describedby={`${id}-hint`} />
    </p>
  );
}

export function LeadImageField({ view }: { view: LeadImageView }) {
  const listed = view.choices.some((c) => c.key === view.selected);
  const chosen = view.chosen;
  return (
    <fieldset class="lead-image" data-lead-image-picker aria-describedby="f-image-hint">
      <legend>Lead image</legend>
      <p class="hint" id="f-image-hint">
        From the media library. Readers see its alt text, caption and credit unless this story gives its own; it needs alt text and a credit
        before publishing.
      </p>
      <div class="lead-image-preview" data-lead-image-preview aria-live="polite">
        <Preview image={chosen} />
      </div>
      <p class="field" data-lead-image-select>
        <label for="f-image">Image from the library</label>
        <select id="f-image" name="image">
          <option value="">No lead image</option>
          {!listed && view.selected && (
            <option value={view.selected} selected>
              {chosen ? choiceLabel(chosen) : view.selected}
            </option>
          )}
          {view.choices.map((c) => (
            <option value={c.key} selected={c.key === view.selected}>
              {choiceLabel(c)}
            </option>
          ))}
        </select>
      </p>
      <p class="lead-image-actions" data-lead-image-actions hidden>
        <button type="button" data-lead-image-open aria-haspopup="dialog">
          {view.selected ? 'Change image…' : 'Choose image…'}
        </button>{' '}
        <button type="button" data-lead-image-clear hidden={!view.selected}>
          Remove image
        </button>
      </p>
      <OwnText
        id="f-image-alt"
        name="image_alt"
        label="Alt text in this story"
        value={view.own.alt}
        max={MEDIA_LIMITS.alt}
        hint={libraryHint('alt text', chosen?.alt)}
        what="alt text"
      />
      <OwnText
        id="f-image-caption"
        name="image_caption"
        label="Caption in this story"
        value={view.own.caption}
        max={MEDIA_LIMITS.caption}
        hint={libraryHint('caption', chosen?.caption)}
        what="caption"
      />
      <OwnText
        id="f-image-credit"
        name="image_credit"
        label="Credit in this story"
        value={view.own.credit}
        max={MEDIA_LIMITS.credit}
        hint={libraryHint('credit', chosen?.credit)}
        what="credit"
      />
      <dialog class="lead-image-dialog" aria-labelledby="lead-image-dialog-title" data-lead-image-dialog>
        <h2 id="lead-image-dialog-title">Choose the lead image</h2>
        <p class="field">
          <label for="lead-image-search">Search alt text, captions, credits, file names</label>
          <input
            id="lead-image-search"
            type="search"
            role="combobox"
            aria-expanded="true"
            aria-controls="lead-image-results"
            aria-autocomplete="list"
            aria-describedby="lead-image-keys"
            autocomplete="off"
            maxLength={200}
          />
        </p>
        <p class="hint" id="lead-image-keys">
          Arrow keys move through the images, Enter picks one, Escape closes.
        </p>
        <p class="lead-image-status" role="status" data-lead-image-status></p>
        <ul class="lead-image-results" id="lead-image-results" role="listbox" aria-label="Library images"></ul>
        <p class="lead-image-dialog-actions">
          <button type="button" data-lead-image-cancel>
            Cancel
          </button>
        </p>
      </dialog>
    </fieldset>
  );
}
