import type { NewsroomContext } from './newsroom-view.js';
import { NewsroomShell } from './newsroom-shell.js';

// Imported stories whose images carry no photo credit. WordPress and Ghost have no credit
// field, so a migration cannot know who took a picture; it lists the stories here rather
// than inventing a credit, and a story leaves the list once every image it shows has one.

export interface ImportsView {
  rows: Array<{ id: number; slug: string; title: string; stage: string; source: string; uncredited: number }>;
  /** Private, password-protected, members-only or paid at the source: imported as drafts. */
  restricted: Array<{ id: number; title: string; stage: string; source: string; restriction: string }>;
}

export function ImportsPage({ ctx, view }: { ctx: NewsroomContext; view: ImportsView }) {
  return (
    <NewsroomShell ctx={ctx} title="Imported stories">
      <h1>Imported stories</h1>
      <h2>Kept from the public at the source</h2>
      <p>
        These stories were private, password-protected, members-only or paid on the old platform. They arrived as drafts and stay so until
        someone decides to publish them.
      </p>
      {view.restricted.length === 0 ? (
        <p>None.</p>
      ) : (
        <table class="manage-table">
          <caption class="visually-hidden">Imported stories that were restricted at the source</caption>
          <thead>
            <tr>
              <th scope="col">Story</th>
              <th scope="col">Stage</th>
              <th scope="col">At the source</th>
              <th scope="col">Imported from</th>
            </tr>
          </thead>
          <tbody>
            {view.restricted.map((row) => (
              <tr>
                <td>
                  <a href={`/admin/stories/${row.id}`}>{row.title}</a>
                </td>
                <td>{row.stage}</td>
                <td>{row.restriction}</td>
                <td>{row.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Missing a photo credit</h2>
      <p>
        These stories came from another platform with images that have no photo credit. Add the credit to each image in the media library
        (or to its use in the story); a story leaves this list when every image it shows is credited.
      </p>
      <p class="result-count">{view.rows.length === 1 ? '1 story' : `${view.rows.length.toLocaleString('en-US')} stories`}</p>
      {view.rows.length > 0 && (
        <table class="manage-table">
          <caption class="visually-hidden">Imported stories with uncredited images</caption>
          <thead>
            <tr>
              <th scope="col">Story</th>
              <th scope="col">Stage</th>
              <th scope="col">Images without a credit</th>
              <th scope="col">Imported from</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr>
                <td>
                  <a href={`/admin/stories/${row.id}`}>{row.title}</a>
                </td>
                <td>{row.stage}</td>
                <td>{row.uncredited}</td>
                <td>{row.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </NewsroomShell>
  );
}
