import type { FieldError, NewsroomContext } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';

// Importing subscribers from a CSV file: the form with the format spelled out, the report
// of every bad line when the file is refused (and nothing was imported), and the summary
// when it was imported.

export interface ImportReport {
  fileName: string;
  lines: Array<{ line: number; message: string }>;
  /** Lines beyond those listed. */
  more: number;
}

export interface ImportDone {
  fileName: string;
  rows: number;
  added: number;
  merged: number;
  duplicatesInFile: number;
  skipped: { unsubscribed: number; bounced: number; complained: number };
  ms: number;
}

export interface SubscriberImportView {
  lists: string[];
  maxMegabytes: number;
  errors: FieldError[];
  report: ImportReport | null;
  done: ImportDone | null;
}

const n = (value: number) => value.toLocaleString('en-US');
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

function Summary({ done }: { done: ImportDone }) {
  const skipped = done.skipped.unsubscribed + done.skipped.bounced + done.skipped.complained;
  return (
    <Notice kind="ok">
      <h2>{done.fileName} was imported</h2>
      <ul class="import-summary">
        <li data-count="added">{plural(done.added, 'new subscriber', 'new subscribers')} added, confirmed, with the file’s consent.</li>
        <li data-count="merged">
          {plural(done.merged, 'address was', 'addresses were')} already here and merged: the file’s lists were added.
        </li>
        <li data-count="skipped">
          {plural(skipped, 'address was', 'addresses were')} skipped, because they had left for good and an import never brings them back:{' '}
          {n(done.skipped.unsubscribed)} unsubscribed, {n(done.skipped.bounced)} bounced, {n(done.skipped.complained)} complained.
        </li>
        {done.duplicatesInFile > 0 && (
          <li data-count="duplicates">
            {plural(done.duplicatesInFile, 'line repeated', 'lines repeated')} an address already in the file and{' '}
            {done.duplicatesInFile === 1 ? 'was' : 'were'} merged into it.
          </li>
        )}
      </ul>
      <p>
        {plural(done.rows, 'line', 'lines')} in {n(done.ms)} ms. <a href="/admin/subscribers">See the subscribers</a>
      </p>
    </Notice>
  );
}

function Report({ report }: { report: ImportReport }) {
  return (
    <div class="notice notice-error" role="alert" tabIndex={-1} id="error-summary">
      <h2>
        Nothing was imported: {report.fileName} has {plural(report.lines.length + report.more, 'problem', 'problems')}
      </h2>
      <p>Fix these lines and upload the whole file again.</p>
      <ul class="import-report">
        {report.lines.map((l) => (
          <li>
            <strong>Line {l.line}</strong>: {l.message}
          </li>
        ))}
      </ul>
      {report.more > 0 && <p>…and {plural(report.more, 'more problem', 'more problems')}.</p>}
    </div>
  );
}

export function SubscriberImportPage({ ctx, view }: { ctx: NewsroomContext; view: SubscriberImportView }) {
  return (
    <NewsroomShell ctx={ctx} title="Import subscribers">
      <p>
        <a href="/admin/subscribers">All subscribers</a>
      </p>
      <h1>Import subscribers</h1>
      {view.done && <Summary done={view.done} />}
      {view.report && <Report report={view.report} />}
      <ErrorSummary errors={view.errors} />
      <h2 id="format">The file</h2>
      <p>A CSV file (comma-separated, UTF-8) whose first line names the columns:</p>
      <ul>
        <li>
          <code>email</code> (required): one address per line.
        </li>
        <li>
          <code>consent</code> (required): <code>yes</code>, <code>true</code> or <code>1</code> for each person who agreed to receive the
          newsletter. Import only people who did.
        </li>
        <li>
          <code>consented_at</code>: when they agreed, as <code>2026-03-01</code> or <code>2026-03-01T09:30:00Z</code> (without an offset:{' '}
          {ctx.zone} time). Empty: now.
        </li>
        <li>
          <code>lists</code>: list slugs separated by <code>;</code> ({view.lists.join(', ')}). Empty: {view.lists[0] ?? 'the first list'}.
        </li>
        <li>
          <code>source</code>: where they agreed (e.g. “Spring fair stand”). Empty: the file’s name.
        </li>
      </ul>
      <p>
        New addresses become confirmed subscribers. Addresses already here are merged, never doubled. Addresses that unsubscribed, bounced
        or complained are left as they are. If any line has a problem, nothing is imported and every such line is listed.
      </p>
      <form
        method="post"
        action="/admin/subscribers/import"
        enctype="multipart/form-data"
        class="upload-form stack"
        aria-labelledby="upload-heading"
      >
        <h2 id="upload-heading">Upload</h2>
        <CsrfField token={ctx.csrf} />
        <p class="field">
          <label for="import-file">CSV file</label>
          <span class="hint" id="import-file-hint">
            Up to {view.maxMegabytes} MB.
          </span>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby="import-file-hint"
            aria-invalid={view.errors.length || view.report ? 'true' : undefined}
          />
        </p>
        <p>
          <button type="submit" class="button-primary">
            Import
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}
