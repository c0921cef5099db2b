import { mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Variant } from '../media/image-variants.js';
import { imageFiles } from '../media/image-variants.js';
import { readSnapshotFacts } from '../store/backup/snapshot-facts.js';
import type { Store } from '../store/store.js';
import { ArchiveWriter } from './backup-archive.js';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, MANIFEST_NAME, type BackupManifest } from './backup-manifest.js';

// `masthead backup FILE` while the site serves and writes. The database is copied first,
// as one snapshot; then the media files *that snapshot* names. Media files are written
// once under fresh names before their row commits, so every file the snapshot names is
// complete; one can only vanish if its image was deleted since, and then the whole
// backup starts again from a fresh snapshot.

/** How many fresh snapshots to try when images are deleted while the files are copied. */
const ATTEMPTS = 3;

class MediaVanished extends BackupError {}

interface Options {
  store: Store;
  mediaDir: string;
  file: string;
  now?: () => Date;
}

export async function makeBackup(options: Options): Promise<BackupManifest> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await backupOnce(options);
    } catch (error) {
      if (!(error instanceof MediaVanished) || attempt === ATTEMPTS) throw error;
    }
  }
}

async function backupOnce({ store, mediaDir, file, now = () => new Date() }: Options): Promise<BackupManifest> {
  const target = path.resolve(file);
  const work = await mkdtemp(path.join(path.dirname(target), '.masthead-backup-'));
  const partial = path.join(work, 'backup.tar.gz');
  try {
    const { backup } = store.dialect;
    const createdAt = now().toISOString();
    const dump = path.join(work, backup.fileName);
    const facts = await backup.snapshot(store.db, dump, readSnapshotFacts);

    const archive = new ArchiveWriter(partial);
    const databaseFile = `database/${backup.fileName}`;
    await archive.addFile(databaseFile, dump);
    await rm(dump, { force: true });
    const media = { files: 0, bytes: 0 };
    for (const image of facts.images) {
      for (const name of imageFiles({ ...image, variants: JSON.parse(image.variants) as Variant[] })) {
        try {
          media.bytes += (await archive.addFile(`media/${name}`, path.join(mediaDir, name))).bytes;
          media.files += 1;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT')
            throw new MediaVanished(`media file ${name} disappeared during the backup`);
          throw error;
        }
      }
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt,
      database: { kind: backup.kind, file: databaseFile, migrations: facts.migrations, counts: facts.counts },
      media,
      parts: [...archive.parts],
    };
    // Last, so a backup cut short has no manifest and no restore accepts it.
    await archive.addBuffer(MANIFEST_NAME, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await archive.finish();
    await rename(partial, target);
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
