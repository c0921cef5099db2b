import { createHash } from 'node:crypto';
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import type { Variant } from '../../src/media/image-variants.js';
import { imageFiles } from '../../src/media/image-variants.js';
import { openStore, type Db, type Store } from '../../src/store/store.js';
import { openDatabaseOf, seedConfirmedSubscribers, draftIssue } from '../helpers/newsletter.js';
import { createPgDatabase, engines, referenceBundle, runCli, startMasthead, type Masthead } from '../helpers/server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

// `masthead backup` while a real server takes writes through /api/admin (stories, and
// uploads whose variants the server's worker makes), then `masthead restore` into a fresh
// site. The restored site must be the origin as it was at one instant: every row it has
// equal to the origin's, each story with all its revisions, the stories and images of
// the write load a prefix of the acknowledged sequence (nothing torn, nothing out of
// order), the media bytes the rows name identical. Then the refusals: a site with content
// without --force, and a damaged backup, both changing nothing.

const LOAD_AFTER_BACKUP = 3;

interface Acked {
  kind: 'story' | 'image';
  /** The story's title or the image's alt text: unique per write. */
  label: string;
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function filesWithDigests(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return out;
  }
  for (const file of entries.sort()) out[path.relative(dir, file)] = sha(await readFile(file));
  return out;
}

type Row = Record<string, unknown> & { id: number | string };

/** A table's rows in key order, each with an `id` (subscriptions: subscriber and list). */
async function rows(
  db: Db,
  table: 'articles' | 'article_revisions' | 'staff' | 'subscribers' | 'subscriptions' | 'newsletter_deliveries' | 'media',
) {
  if (table === 'subscriptions') {
    const all = await db.selectFrom('subscriptions').selectAll().orderBy('subscriber_id').orderBy('newsletter_id').execute();
    return all.map((r) => ({ ...r, id: `${r.subscriber_id}/${r.newsletter_id}` })) as Row[];
  }
  return (await db.selectFrom(table).selectAll().orderBy('id').execute()) as Row[];
}

describe.each(engines())('backup and restore on %s', (engine) => {
  let sink: SmtpSink;
  let origin: Masthead;
  let originStore: Store;
  let fresh: { dir: string; env: Record<string, string>; store: Store | null; drop(): Promise<void> };
  let backupFile: string;
  const acked: Acked[] = [];
  let ackedBeforeBackup = 0;
  let ackedAtBackupEnd = 0;
  let backupOutput = '';

  const restoreCli = (args: string[]) => runCli(['restore', ...args], { cwd: fresh.dir, env: fresh.env });

  beforeAll(async () => {
    sink = await startSmtpSink();
    origin = await startMasthead({ engine, bundle: referenceBundle, env: { SMTP_URL: sink.url, MAIL_FROM: 'news@parallax.example' } });
    originStore = await openDatabaseOf(origin);

    // Staff, subscribers and a sent issue (deliveries) before the load starts.
    const added = await origin.cli(
      ['user', 'add', '--email', 'desk@parallax.example', '--name', 'Desk Editor', '--role', 'editor'],
      'correct horse battery staple\n',
    );
    expect(added.code, added.stderr).toBe(0);
    await seedConfirmedSubscribers(originStore.db, 5);
    await draftIssue(originStore.db, { subject: 'Before the backup' });
    const sent = await origin.cli(['newsletter', 'send']);
    expect(sent.code, sent.stderr).toBe(0);
    const key = (await origin.cli(['apikey', 'create', '--name', 'load', '--scope', 'admin'])).stdout.trim();

    const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6ea5' } })
      .jpeg()
      .toBuffer();
    const write = async (i: number): Promise<Acked> => {
      const headers = { authorization: `Bearer ${key}` };
      if (i % 3 === 2) {
        const form = new FormData();
        const label = `Load image ${i}`;
        form.append('alt', label);
        form.append('file', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), `load-${i}.jpg`);
        const answer = await fetch(`${origin.url}/api/admin/media`, { method: 'POST', headers, body: form });
        expect(answer.status, await answer.clone().text()).toBe(201);
        await answer.arrayBuffer();
        return { kind: 'image', label };
      }
      const label = `Load story ${i}`;
      const answer = await fetch(`${origin.url}/api/admin/articles`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ title: label, body: { format: 'markdown', source: `Written during the backup, number ${i}.` } }),
      });
      expect(answer.status, await answer.clone().text()).toBe(201);
      await answer.arrayBuffer();
      return { kind: 'story', label };
    };

    // One writer, each write acknowledged before the next: a total order to check against.
    let stop = false;
    const load = (async () => {
      for (let i = 0; !stop; i += 1) acked.push(await write(i));
    })();
    while (acked.length < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    ackedBeforeBackup = acked.length;
    const dir = await mkdtemp(path.join(tmpdir(), `masthead-backup-${engine}-`));
    backupFile = path.join(dir, 'site.tar.gz');
    const backedUp = await origin.cli(['backup', backupFile]);
    ackedAtBackupEnd = acked.length;
    backupOutput = backedUp.stdout;
    expect(backedUp.code, backedUp.stderr).toBe(0);
    while (acked.length < ackedAtBackupEnd + LOAD_AFTER_BACKUP) await new Promise((resolve) => setTimeout(resolve, 10));
    stop = true;
    await load;

    // The fresh site: an empty database and no media folder.
    const freshDir = await mkdtemp(path.join(tmpdir(), `masthead-restored-${engine}-`));
    let url = `file:${path.join(freshDir, 'masthead.db')}`;
    let drop = async () => {};
    if (engine === 'postgres') ({ url, drop } = await createPgDatabase());
    fresh = {
      dir: freshDir,
      env: { ...origin.env, DATABASE_URL: url, MEDIA_DIR: path.join(freshDir, 'media'), DATA_DIR: freshDir },
      store: null,
      drop,
    };
  }, 120_000);

  afterAll(async () => {
    await fresh?.store?.close();
    await fresh?.drop();
    await originStore?.close();
    await origin?.stop();
    await sink?.close();
    if (fresh) await rm(fresh.dir, { recursive: true, force: true });
    if (backupFile) await rm(path.dirname(backupFile), { recursive: true, force: true });
  });

  it('restores into a fresh site exactly what the origin held at one instant of the write load', async () => {
    expect(ackedAtBackupEnd, 'writes were acknowledged while the backup ran').toBeGreaterThan(ackedBeforeBackup);
    expect(backupOutput).toMatch(/^Backed up \d+ stories, \d+ revisions, 1 staff, 5 subscribers, 5 deliveries, \d+ images/);

    const restored = await restoreCli([backupFile]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ stories/);
    fresh.store = await openStore(parseDatabaseUrl(fresh.env.DATABASE_URL!));
    const a = originStore.db;
    const b = fresh.store.db;

    // The load's writes in the restored site: exactly the first k acknowledged ones.
    const storyTitles = new Set((await rows(b, 'articles')).map((r) => r.title as string));
    const imageAlts = new Set((await rows(b, 'media')).map((r) => r.alt as string));
    const present = acked.map((w) => (w.kind === 'story' ? storyTitles.has(w.label) : imageAlts.has(w.label)));
    const k = present.indexOf(false) === -1 ? present.length : present.indexOf(false);
    expect(
      present.slice(k).every((p) => !p),
      `a prefix of the acknowledged writes: ${present.map(Number).join('')}`,
    ).toBe(true);
    expect(k, 'every write acknowledged before the backup started').toBeGreaterThanOrEqual(ackedBeforeBackup);
    expect(k, 'no write started after the backup ended').toBeLessThanOrEqual(ackedAtBackupEnd + 1);

    // Every restored row equals the origin's; rows missing are only the load's later writes.
    for (const table of ['articles', 'article_revisions', 'staff', 'subscribers', 'subscriptions', 'newsletter_deliveries'] as const) {
      const origins = new Map((await rows(a, table)).map((r) => [r.id, r]));
      const copies = await rows(b, table);
      for (const copy of copies) expect(copy, `${table} ${copy.id}`).toEqual(origins.get(copy.id));
      if (table !== 'articles' && table !== 'article_revisions') expect(copies.length, table).toBe(origins.size);
    }
    // No story without its revisions, no revision without its story.
    const restoredIds = new Set((await rows(b, 'articles')).map((r) => r.id));
    const revisionsOf = (all: Array<Record<string, unknown>>) => all.filter((r) => restoredIds.has(r.article_id as number));
    expect(await rows(b, 'article_revisions')).toEqual(revisionsOf(await rows(a, 'article_revisions')));
    expect((await rows(b, 'article_revisions')).length).toBeGreaterThan(0);
    expect((await rows(b, 'newsletter_deliveries')).length).toBe(5);

    // Images: the same rows (the origin's worker may have made variants since: the restored
    // site has that job queued) and the same bytes.
    const originMedia = new Map((await rows(a, 'media')).map((r) => [r.id, r]));
    const originFiles = await filesWithDigests(origin.env.MEDIA_DIR!);
    const restoredFiles = await filesWithDigests(fresh.env.MEDIA_DIR!);
    const named: string[] = [];
    for (const copy of await rows(b, 'media')) {
      const { variants: _copied, status: _copiedStatus, ...same } = copy;
      const { variants: _now, status: _nowStatus, ...was } = originMedia.get(copy.id)!;
      expect(same).toEqual(was);
      named.push(
        ...imageFiles({
          stem: copy.file_stem as string,
          ext: copy.original_ext as string,
          variants: JSON.parse(copy.variants as string) as Variant[],
        }),
      );
    }
    expect(Object.keys(restoredFiles).sort()).toEqual(named.sort());
    for (const file of named) expect(restoredFiles[file], file).toBe(originFiles[file]);
    expect(named.length).toBeGreaterThan(0);

    // The manifest's counts are the restored tables' counts.
    const manifest = JSON.parse(gunzipTarEntry(await readFile(backupFile), 'manifest.json')) as {
      database: { counts: Record<string, number> };
    };
    for (const table of ['articles', 'article_revisions', 'staff', 'subscribers', 'newsletter_deliveries', 'media'] as const) {
      expect(manifest.database.counts[table], table).toBe((await rows(b, table)).length);
    }
  });

  const freshDb = async () => (fresh.store ??= await openStore(parseDatabaseUrl(fresh.env.DATABASE_URL!))).db;
  const state = async () => ({
    stories: (await rows(await freshDb(), 'articles')).map((r) => [r.id, r.title, r.revision]),
    files: await filesWithDigests(fresh.env.MEDIA_DIR!),
  });

  it('refuses to restore over a site with content without --force, changing nothing', async () => {
    const before = await state();
    const refused = await restoreCli([backupFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already has content.*--force.*Nothing was changed\./s);
    expect(await state()).toEqual(before);
  });

  it('refuses a backup whose bytes do not match its checksums, even with --force, changing nothing', async () => {
    const before = await state();
    // Flip one byte of the database dump inside the tar, then gzip it again (a valid gzip of wrong content).
    const tar = gunzipSync(await readFile(backupFile));
    tar[512 + 100] = tar[512 + 100]! ^ 0xff;
    const damaged = path.join(path.dirname(backupFile), 'damaged.tar.gz');
    await writeFile(damaged, gzipSync(tar));

    const refused = await restoreCli([damaged, '--force']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/damaged: database\/masthead\.\w+ does not match its checksum\. Nothing was changed\./);
    expect(await state()).toEqual(before);

    const cut = path.join(path.dirname(backupFile), 'cut.tar.gz');
    await writeFile(cut, (await readFile(backupFile)).subarray(0, 2048));
    const incomplete = await restoreCli([cut, '--force']);
    expect(incomplete.code).toBe(1);
    expect(incomplete.stderr).toMatch(/Nothing was changed\./);
    expect(await state()).toEqual(before);
  });

  it('refuses a backup from a newer Masthead, or of the other engine, changing nothing', async () => {
    const before = await state();
    const tar = gunzipSync(await readFile(backupFile));
    const variants = {
      newer: (m: Manifest) => ({ ...m, database: { ...m.database, migrations: [...m.database.migrations, '9999-from-the-future'] } }),
      otherEngine: (m: Manifest) => ({ ...m, database: { ...m.database, kind: `not-${m.database.kind}` } }),
    };
    const answers: Record<string, string> = {};
    for (const [name, edit] of Object.entries(variants)) {
      const file = path.join(path.dirname(backupFile), `${name}.tar.gz`);
      await writeFile(file, gzipSync(withManifest(tar, edit)));
      const refused = await restoreCli([file, '--force']);
      expect(refused.code, name).toBe(1);
      answers[name] = refused.stderr;
    }
    expect(answers.newer).toMatch(/newer Masthead \(migrations 9999-from-the-future\): upgrade this one first\. Nothing was changed\./);
    expect(answers.otherEngine).toMatch(/restoring across database engines is not supported\. Nothing was changed\./);
    expect(await state()).toEqual(before);
  });

  it('replaces a site with content when told to with --force', async () => {
    await (await freshDb()).deleteFrom('article_revisions').execute();
    const again = await restoreCli([backupFile, '--force']);
    expect(again.code, again.stderr).toBe(0);
    expect((await rows(await freshDb(), 'article_revisions')).length).toBeGreaterThan(0);
  });
});

interface Manifest {
  database: { kind: string; migrations: string[]; counts: Record<string, number> };
}

/** The tar with its last entry (the manifest) rewritten by `edit`, its header checksum made anew. */
function withManifest(tar: Buffer, edit: (manifest: Manifest) => Manifest): Buffer {
  let at = 0;
  let last = -1;
  while (at + 512 <= tar.length && tar[at] !== 0) {
    last = at;
    const size = Number.parseInt(
      tar
        .subarray(at + 124, at + 136)
        .toString('utf8')
        .replace(/\0.*$/s, '')
        .trim(),
      8,
    );
    at += 512 + Math.ceil(size / 512) * 512;
  }
  const header = Buffer.from(tar.subarray(last, last + 512));
  expect(header.subarray(0, 13).toString()).toBe('manifest.json');
  const size = Number.parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim(), 8);
  const body = Buffer.from(JSON.stringify(edit(JSON.parse(tar.subarray(last + 512, last + 512 + size).toString('utf8')) as Manifest)));
  header.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write(' '.repeat(8), 148);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const padded = Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
  return Buffer.concat([tar.subarray(0, last), header, padded, Buffer.alloc(1024)]);
}

/** One entry of an uncompressed-in-memory tar.gz, for reading the manifest in the test. */
function gunzipTarEntry(gz: Buffer, name: string): string {
  const tar = gunzipSync(gz);
  for (let at = 0; at + 512 <= tar.length;) {
    const entryName = tar
      .subarray(at, at + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (!entryName) break;
    const size = Number.parseInt(
      tar
        .subarray(at + 124, at + 136)
        .toString('utf8')
        .replace(/\0.*$/s, '')
        .trim(),
      8,
    );
    if (entryName === name) return tar.subarray(at + 512, at + 512 + size).toString('utf8');
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${name} not in the backup`);
}
