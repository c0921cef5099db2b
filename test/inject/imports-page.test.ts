import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGhostExport } from '../../src/migration/ghost/ghost-reader.js';
import { runMigration } from '../../src/migration/run-migration.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { migrationFile, migrationFilesDir } from '../helpers/migration-files.js';

// What a migration leaves for the newsroom (issue 10 §2): imported stories kept from the
// public at the source (now drafts) and stories whose images have no credit, at
// /admin/imports, for editors and up.

const ORIGIN = 'http://127.0.0.1';
const PASSWORD = 'a long enough test password';

describe.skipIf(!migrationFilesDir)('the newsroom view of imported stories', () => {
  let site: NewsroomSite;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite' });
    await runMigration({
      store: site.store,
      mediaDir: site.mediaDir,
      reader: await openGhostExport(migrationFile('ghost/northfield-dispatch.ghost-6.65.zip')),
      images: { mediaDir: null, mediaUrlBase: null, fetch: null },
      dryRun: false,
      schedule: async () => {},
    });
    for (const role of ['editor', 'contributor'] as const) {
      await addStaffRow(site.store, { email: `${role}@example.org`, name: role, role, password: PASSWORD });
      const login = await site.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: `${role}@example.org`, password: PASSWORD }).toString(),
      });
      cookies[role] = login.cookies.find((c) => c.name === 'masthead_session')!.value;
    }
  });
  afterAll(() => site?.close());

  it('lists the restricted drafts and the stories missing a credit, each linked to its editor', async () => {
    const page = await site.app.inject({ url: '/admin/imports', cookies: { masthead_session: cookies.editor! } });
    expect(page.statusCode).toBe(200);
    const restricted = page.body.slice(page.body.indexOf('Kept from the public'), page.body.indexOf('Missing a photo credit'));
    const uncredited = page.body.slice(page.body.indexOf('Missing a photo credit'));
    expect(restricted).toMatch(/<td>members<\/td>/);
    expect(restricted).toMatch(/<td>paid<\/td>/);
    expect(uncredited).toMatch(/<a href="\/admin\/stories\/\d+">[^<]+<\/a>/);
    const uncreditedRows = uncredited.match(/<tr>/g)?.length ?? 0;
    expect(uncreditedRows - 1).toBe(4);
  });

  it('a story leaves the credit list once its images carry a credit', async () => {
    await site.store.db.updateTable('media').set({ credit: 'Dispatch staff' }).execute();
    const page = await site.app.inject({ url: '/admin/imports', cookies: { masthead_session: cookies.editor! } });
    expect(page.body).toContain('0 stories');
  });

  it('is refused to a contributor', async () => {
    const page = await site.app.inject({ url: '/admin/imports', cookies: { masthead_session: cookies.contributor! } });
    expect(page.statusCode).toBe(403);
  });
});
