import { MEDIA_LIMITS } from '../../content/media-input.js';
import type { FieldError, NewsroomContext } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';

export interface MediaItemView {
  id: number;
  key: string;
  /** A same-origin thumbnail, or null while the variants are being made. */
  thumb: string | null;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  status: string;
  originalName: string;
  createdAt: string;
}

export interface MediaLibraryView {
  q: string;
  items: MediaItemView[];
  total: number;
  page: number;
  pages: number;
  canUpload: boolean;
  errors: FieldError[];
  notice: string | null;
}

/**
 * The thumbnail, or "Making sizes…" while the variants job runs: the newsroom script
 * (client/newsroom/media-status.ts) polls /admin/media/status.json and swaps it in.
 */
function Thumb({ item }: { item: MediaItemView }) {
  if (!item.thumb)
    return (
      <p class="media-pending" data-media-pending={String(item.id)}>
        {item.status === 'failed' ? 'No sizes: the image could not be read.' : 'Making sizes…'}
      </p>
    );
  const height = Math.round((item.height * 240) / item.width);
  return (
    <img
      src={item.thumb}
      alt={item.alt || `No alt text yet: ${item.originalName || item.key}`}
      width={240}
      height={height}
      loading="lazy"
    />
  );
}

export function MediaLibraryPage({ ctx, view }: { ctx: NewsroomContext; view: MediaLibraryView }) {
  return (
    <NewsroomShell ctx={ctx} title="Media library">
      <h1>Media library</h1>
      <ErrorSummary errors={view.errors} />
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      {view.canUpload && (
        <form method="post" action="/admin/media" enctype="multipart/form-data" class="upload-form stack" aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload an image</h2>
          <CsrfField token={ctx.csrf} />
          <p class="field">
            <label for="upload-file">Image file</label>
            <span class="hint" id="upload-file-hint">
              JPEG, PNG, WebP, AVIF or GIF, up to 20 MB.
            </span>
            <input
              id="upload-file"
              name="file"
              type="file"
              accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
              required
              aria-describedby="upload-file-hint"
            />
          </p>
          <p class="field">
            <label for="upload-alt">Alt text</label>
            <span class="hint" id="upload-alt-hint">
              What the image shows, for readers who cannot see it. Required before a story with it can publish.
            </span>
            <input id="upload-alt" name="alt" type="text" maxLength={MEDIA_LIMITS.alt} aria-describedby="upload-alt-hint" />
          </p>
          <p class="field">
            <label for="upload-caption">Caption</label>
            <input id="upload-caption" name="caption" type="text" maxLength={MEDIA_LIMITS.caption} />
          </p>
          <p class="field">
            <label for="upload-credit">Credit</label>
            <input id="upload-credit" name="credit" type="text" maxLength={MEDIA_LIMITS.credit} />
          </p>
          <p>
            <button type="submit" class="button-primary">
              Upload
            </button>
          </p>
        </form>
      )}
      <form method="get" action="/admin/media" role="search" aria-label="Search the library" class="filters">
        <p class="field">
          <label for="media-q">Search alt text, captions, credits, file names</label>
          <input id="media-q" name="q" type="search" value={view.q} maxLength={200} />
        </p>
        <p>
          <button type="submit">Search</button>
        </p>
      </form>
      <p role="status">{view.total === 1 ? '1 image' : `${view.total} images`}</p>
      <ul class="media-grid">
        {view.items.map((item) => (
          <li>
            <a href={`/admin/media/${item.id}`}>
              <Thumb item={item} />
              <span class="media-label">{item.alt || item.originalName || item.key}</span>
            </a>
            {!item.alt && <span class="badge-warn">No alt text</span>}
            {item.credit ? <span class="media-credit">{item.credit}</span> : <span class="badge-warn">No credit</span>}
          </li>
        ))}
      </ul>
      {view.pages > 1 && (
        <nav aria-label="Pages" class="pager">
          {view.page > 1 && (
            <a rel="prev" href={`/admin/media?q=${encodeURIComponent(view.q)}&page=${view.page - 1}`}>
              Newer
            </a>
          )}
          <span>
            Page {view.page} of {view.pages}
          </span>
          {view.page < view.pages && (
            <a rel="next" href={`/admin/media?q=${encodeURIComponent(view.q)}&page=${view.page + 1}`}>
              Older
            </a>
          )}
        </nav>
      )}
    </NewsroomShell>
  );
}

export interface MediaItemPageView {
  item: MediaItemView;
  usedIn: {
    stories: Array<{ id: number; title: string; stage: string }>;
    authors: Array<{ name: string; slug: string }>;
    pages: Array<{ id: number; title: string }>;
    issues: Array<{ id: number; subject: string }>;
  };
  canEdit: boolean;
  canDelete: boolean;
  errors: FieldError[];
  notice: string | null;
}

export function MediaItemPage({ ctx, view }: { ctx: NewsroomContext; view: MediaItemPageView }) {
  const { item } = view;
  const { stories, authors, pages, issues } = view.usedIn;
  const unused = stories.length + authors.length + pages.length + issues.length === 0;
  return (
    <NewsroomShell ctx={ctx} title={`Image: ${item.alt || item.originalName || item.key}`}>
      <p>
        <a href="/admin/media">Back to the library</a>
      </p>
      <h1>{item.alt || item.originalName || item.key}</h1>
      <ErrorSummary errors={view.errors} />
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <div class="media-detail">
        <Thumb item={item} />
        <dl>
          <dt>Key</dt>
          <dd>
            <code>{item.key}</code>
          </dd>
          <dt>Size</dt>
          <dd>
            {item.width} × {item.height} px
          </dd>
          <dt>Uploaded</dt>
          <dd>{formatNewsroomTime(item.createdAt, ctx)}</dd>
          <dt>State</dt>
          <dd data-media-state={String(item.id)} aria-live="polite">
            {item.status === 'ready' ? 'Ready' : item.status === 'processing' ? 'Making sizes' : 'Failed: upload it again'}
          </dd>
        </dl>
      </div>
      {view.canEdit && (
        <form method="post" action={`/admin/media/${item.id}`} class="stack">
          <CsrfField token={ctx.csrf} />
          <p class="field">
            <label for="m-alt">Alt text</label>
            <input id="m-alt" name="alt" type="text" value={item.alt} maxLength={MEDIA_LIMITS.alt} />
          </p>
          <p class="field">
            <label for="m-caption">Caption</label>
            <input id="m-caption" name="caption" type="text" value={item.caption} maxLength={MEDIA_LIMITS.caption} />
          </p>
          <p class="field">
            <label for="m-credit">Credit</label>
            <input id="m-credit" name="credit" type="text" value={item.credit} maxLength={MEDIA_LIMITS.credit} />
          </p>
          <p>
            <button type="submit" class="button-primary">
              Save
            </button>
          </p>
        </form>
      )}
      <h2>Used in</h2>
      {unused && <p>Not used yet.</p>}
      <ul>
        {stories.map((s) => (
          <li>
            <a href={`/admin/stories/${s.id}`}>{s.title || 'Untitled story'}</a> ({s.stage})
          </li>
        ))}
        {authors.map((a) => (
          <li>Portrait of {a.name}</li>
        ))}
        {pages.map((p) => (
          <li>
            Page <a href={`/admin/pages/${p.id}`}>{p.title || 'Untitled page'}</a>
          </li>
        ))}
        {issues.map((i) => (
          <li>
            Newsletter issue <a href={`/admin/newsletters/issues/${i.id}`}>{i.subject || 'Untitled issue'}</a>
          </li>
        ))}
      </ul>
      {view.canDelete &&
        (unused ? (
          <form method="post" action={`/admin/media/${item.id}/delete`} class="stack">
            <CsrfField token={ctx.csrf} />
            <p class="field">
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> Delete this image and all its sizes for good
              </label>
            </p>
            <p>
              <button type="submit" class="button-danger">
                Delete this image
              </button>
            </p>
          </form>
        ) : (
          <p class="hint">It can be deleted once nothing above uses it.</p>
        ))}
    </NewsroomShell>
  );
}
