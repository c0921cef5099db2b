import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, postForm, signIn, type StaffSession } from '../helpers/newsroom.js';
import { engines, startMasthead, type Masthead } from '../helpers/server.js';

// The audit trail in the real server process and the real CLI, on each engine (issue 12
// §15): behind a trusted proxy a failed sign-in is recorded with the client's address,
// an API key made at the shell is recorded as the CLI's, `masthead audit export` and the
// newsroom's export give the same JSON lines, and an editor cannot read them.
// test/inject/audit-trail.test.ts covers every family of acts in the process.

interface Line {
  id: number;
  action: string;
  actor: { kind: string; id: number | null; name: string };
  door: string;
  ip: string | null;
  target: { kind: string; id: number | null; label: string } | null;
}
const parse = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);

describe.each(engines())('the audit trail on %s', (engine) => {
  let site: Masthead;
  let admin: StaffSession;

  beforeAll(async () => {
    site = await startMasthead({ engine, env: { TRUST_PROXY: '1' } });
    await addStaff(site, { email: 'admin@example.test', name: 'Ada Admin', role: 'admin' });
    await addStaff(site, { email: 'editor@example.test', name: 'Ed Editor', role: 'editor' });
    const failed = await postForm(
      site.url,
      '/admin/login',
      { email: 'admin@example.test', password: 'not the password' },
      { 'x-forwarded-for': '203.0.113.9' },
    );
    expect(failed.status).toBe(401);
    admin = await signIn(site.url, 'admin@example.test');
  });
  afterAll(() => site?.stop());

  it('records sign-ins with the client address and shell commands as the CLI, and exports them from both doors', async () => {
    const made = await site.cli(['apikey', 'create', '--name', 'ops dashboard', '--scope', 'content']);
    expect(made.code, made.stderr).toBe(0);

    const shell = await site.cli(['audit', 'export']);
    expect(shell.code, shell.stderr).toBe(0);
    const lines = parse(shell.stdout);
    expect(lines.map((l) => l.action)).toEqual(['sign-in.failed', 'sign-in.succeeded', 'api-key.created']);
    expect(lines[0]).toMatchObject({
      actor: { kind: 'anonymous' },
      door: 'newsroom',
      ip: '203.0.113.9',
      target: { label: 'admin@example.test' },
    });
    expect(lines[1]).toMatchObject({ actor: { kind: 'staff', name: 'Ada Admin' }, door: 'newsroom', ip: '127.0.0.1' });
    expect(lines[2]).toMatchObject({
      actor: { kind: 'cli', name: 'cli' },
      door: 'cli',
      ip: null,
      target: { kind: 'api-key', label: 'ops dashboard' },
    });

    const newsroom = await admin.get('/admin/audit.jsonl?action=sign-in.failed');
    expect(newsroom.status).toBe(200);
    expect(parse(newsroom.body)).toEqual([lines[0]]);

    const later = await site.cli(['audit', 'export', '--since', '2999-01-01']);
    expect(later).toMatchObject({ code: 0, stdout: '' });
    const refused = await site.cli(['audit', 'export', '--since', 'yesterday']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('nothing was exported');
  });

  it('refuses the trail to an editor', async () => {
    const editor = await signIn(site.url, 'editor@example.test');
    for (const path of ['/admin/audit', '/admin/audit.jsonl']) {
      const answer = await editor.get(path);
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain('sign-in');
    }
  });
});
