import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { appliedMigrations, siteHasContent } from '../store/backup/snapshot-facts.js';
import type { Store } from '../store/store.js';
import { ArchiveError, extractArchive } from './backup-archive.js';
import { BackupError, checkParts, MANIFEST_NAME, parseManifest, type BackupManifest } from './backup-manifest.js';

// `masthead restore FILE`: every check comes before the first change. The archive is
// unpacked next to the media folder and each part checked against the manifest's
// sha256; the site must be empty (or --force given), of the same engine, and not older
// than the backup. Only then is the database replaced (in one step, by the engine) and
// the media folder swapped for the backup's, and migrations run if the backup is older.

export class RestoreRefused extends Error {}

interface Options {
  store: Store;
  mediaDir: string;
  file: string;
  force: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Migrations run after the restore, because the backup was older than this Masthead. */
  migrated: string[];
}

async function hasFiles(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).some((entry) => entry.isFile());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export async function restoreBackup({ store, mediaDir, file, force }: Options): Promise<RestoreResult> {
  const source = path.resolve(file);
  await stat(source).catch(() => {
    throw new RestoreRefused(`${file}: no such file. Nothing was changed.`);
  });
  if (!force && ((await siteHasContent(store.db)) || (await hasFiles(mediaDir)))) {
    throw new RestoreRefused(
      'This site already has content (stories, staff, subscribers or media). A restore replaces all of it: run it again with --force to do that. Nothing was changed.',
    );
  }

  // Beside the media folder, so the swap at the end is a rename on one file system.
  await mkdir(path.dirname(mediaDir), { recursive: true });
  const staging = await mkdtemp(`${mediaDir}.restore-`);
  try {
    let manifest: BackupManifest;
    try {
      const parts = await extractArchive(source, staging);
      if (!parts.some((p) => p.name === MANIFEST_NAME))
        throw new BackupError('the backup has no manifest (it is incomplete, or not a Masthead backup).');
      manifest = parseManifest(await readFile(path.join(staging, MANIFEST_NAME), 'utf8'));
      checkParts(manifest, parts);
    } catch (error) {
      if (error instanceof BackupError || error instanceof ArchiveError)
        throw new RestoreRefused(`${file}: ${error.message} Nothing was changed.`);
      throw error;
    }
    const { backup } = store.dialect;
    if (manifest.database.kind !== backup.kind) {
      throw new RestoreRefused(
        `${file} holds a ${manifest.database.kind} database and this site stores a ${backup.kind}: restoring across database engines is not supported. Nothing was changed.`,
      );
    }
    const known = new Set(await appliedMigrations(store.db));
    const newer = manifest.database.migrations.filter((m) => !known.has(m));
    if (newer.length) {
      throw new RestoreRefused(
        `${file} was made by a newer Masthead (migrations ${newer.join(', ')}): upgrade this one first. Nothing was changed.`,
      );
    }

    await backup.restore(store.db, path.join(staging, manifest.database.file));
    await swapMediaFolder(mediaDir, path.join(staging, 'media'));
    const migrated = await store.migrate();
    return { manifest, migrated };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Puts the backup's media folder in place of the site's, then removes the old one. */
async function swapMediaFolder(mediaDir: string, restored: string): Promise<void> {
  await mkdir(restored, { recursive: true });
  const old = `${mediaDir}.replaced-${process.pid}-${Date.now()}`;
  const hadFolder = await rename(mediaDir, old).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  await rename(restored, mediaDir);
  if (hadFolder) await rm(old, { recursive: true, force: true });
}
