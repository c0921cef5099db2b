import type { NoteView } from './view-model.js';
import type { DateFormatter } from './format-date.js';
import { NotesBox } from './notes-box.js';

/** What "Keep reading" inserts into a related card: the body and its notes, no shell. */
interface BodyFragmentProps {
  bodyHtml: string;
  notes: NoteView[];
  dates: DateFormatter;
}

export function BodyFragment({ bodyHtml, notes, dates }: BodyFragmentProps) {
  return (
    <>
      <div class="article-body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
      <NotesBox notes={notes} dates={dates} />
    </>
  );
}
