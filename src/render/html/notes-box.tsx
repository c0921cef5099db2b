import type { NoteKind, NoteView } from './view-model.js';
import type { DateFormatter } from './format-date.js';

const labels: Record<NoteKind, string> = { update: 'Updated', correction: 'Correction,' };

/**
 * Update and correction notes, each dated with its zone named, in a tinted box after the
 * body: "corrected at 4:30 PM" means nothing to a reader three zones away.
 */
export function NotesBox({ notes, dates }: { notes: NoteView[]; dates: DateFormatter }) {
  if (notes.length === 0) return null;
  return (
    <div class="notes">
      {notes.map((note) => (
        <p class={`note note-${note.kind}`}>
          <strong class="note-label">
            {labels[note.kind]} <time datetime={note.at}>{dates.zonedDateTime(note.at)}</time>
          </strong>{' '}
          {note.text}
        </p>
      ))}
    </div>
  );
}
