import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer } from './mailer.js';
import { listOutbox, readOutboxMessage, writtenAt } from './outbox.js';

// The outbox read back from a real folder the real mailer wrote to.

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'masthead-outbox-'));
  dir = path.join(root, 'outbox');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const eml = (to: string, subject: string) => `From: a@example.org\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\nHello\r\n`;

describe('outbox', () => {
  it('reads back what the mailer wrote: headers, the text and the HTML source', async () => {
    const mailer = createMailer({ smtpUrl: null, from: 'news@example.org', outboxDir: dir });
    await mailer.send({
      to: 'ana@example.org',
      subject: 'Réinitialiser',
      text: 'Open <this> link',
      html: '<p onclick="x()">Hi</p>',
      headers: { 'List-Unsubscribe': '<https://example.org/u?t=1>' },
    });
    mailer.close();
    const [file] = await readdir(dir);
    const message = await readOutboxMessage(dir, file!);
    expect(message).toMatchObject({
      to: 'ana@example.org',
      from: 'news@example.org',
      subject: 'Réinitialiser',
      text: 'Open <this> link',
      html: '<p onclick="x()">Hi</p>',
      listUnsubscribe: '<https://example.org/u?t=1>',
      at: writtenAt(file!),
    });
    expect(message!.messageId).toMatch(/^<.+@.+>$/);
  });

  it('lists newest first, fifty to a page, opening only names the mailer gives', async () => {
    await mkdir(dir);
    for (let i = 0; i < 7; i++)
      await writeFile(path.join(dir, `2026-01-0${i + 1}T10-00-00-000Z-0000000${i}.eml`), eml(`r${i}@example.org`, `Message ${i}`));
    await writeFile(path.join(dir, 'notes.txt'), 'not mail');
    await writeFile(path.join(dir, '2026-01-09T10-00-00-000Z-zzzzzzzz.eml'), eml('x@example.org', 'Not ours'));
    const first = await listOutbox(dir, { page: 1, perPage: 3 });
    expect(first.total).toBe(7);
    expect(first.rows.map((r) => r.subject)).toEqual(['Message 6', 'Message 5', 'Message 4']);
    expect(first.rows[0]).toEqual({
      file: '2026-01-07T10-00-00-000Z-00000006.eml',
      at: '2026-01-07T10:00:00.000Z',
      to: 'r6@example.org',
      subject: 'Message 6',
    });
    expect((await listOutbox(dir, { page: 3, perPage: 3 })).rows.map((r) => r.subject)).toEqual(['Message 0']);
  });

  it('opens only the files of the page asked for', async () => {
    await mkdir(dir);
    for (let i = 0; i < 4; i++)
      await writeFile(path.join(dir, `2026-02-0${i + 1}T10-00-00-000Z-0000000${i}.eml`), eml('r@example.org', `Message ${i}`));
    // The oldest name is a folder, which cannot be read as a message: only the page
    // that holds it fails, so the other pages never opened it.
    await mkdir(path.join(dir, '2026-01-01T10-00-00-000Z-0000dead.eml'));
    expect((await listOutbox(dir, { page: 1, perPage: 2 })).rows.map((r) => r.subject)).toEqual(['Message 3', 'Message 2']);
    expect((await listOutbox(dir, { page: 2, perPage: 2 })).rows.map((r) => r.subject)).toEqual(['Message 1', 'Message 0']);
    await expect(listOutbox(dir, { page: 3, perPage: 2 })).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('lists nothing when the folder does not exist yet', async () => {
    expect(await listOutbox(dir, { page: 1, perPage: 50 })).toEqual({ rows: [], total: 0 });
  });

  it('opens no file outside the outbox, whatever the name', async () => {
    await mkdir(dir);
    const outside = path.join(root, '2026-01-01T10-00-00-000Z-00000000.eml');
    await writeFile(outside, eml('secret@example.org', 'Outside'));
    for (const name of ['../2026-01-01T10-00-00-000Z-00000000.eml', outside, '..', 'x.eml', '2026-01-01T10-00-00-000Z-00000000.eml/']) {
      expect(await readOutboxMessage(dir, name)).toBeNull();
    }
    expect(await readOutboxMessage(dir, '2026-01-01T10-00-00-000Z-00000001.eml')).toBeNull();
  });

  it('turns a file name back into its time, or null for any other shape', () => {
    expect(writtenAt('2026-11-27T04-30-24-123Z-0a1b2c3d.eml')).toBe('2026-11-27T04:30:24.123Z');
    expect(writtenAt('2026-13-45T99-00-00-000Z-0a1b2c3d.eml')).toBeNull();
    expect(writtenAt('123-0a1b2c3d.eml')).toBeNull();
  });
});
