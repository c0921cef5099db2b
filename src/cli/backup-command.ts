import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { makeBackup } from '../operations/make-backup.js';
import type { Store } from '../store/store.js';

// `masthead backup FILE`: one .tar.gz with the database, the media it names and a
// manifest (docs/backup.md). Safe while the site serves and writes.

export const BACKUP_USAGE = 'Usage: masthead backup FILE.tar.gz';

/** "12 stories, 3 staff…": the rows a person recognises, from the manifest's counts. */
export function describeCounts(counts: Record<string, number>): string {
  const shown: Array<[string, string]> = [
    ['articles', 'stories'],
    ['article_revisions', 'revisions'],
    ['staff', 'staff'],
    ['subscribers', 'subscribers'],
    ['newsletter_deliveries', 'deliveries'],
    ['media', 'images'],
  ];
  return shown.map(([table, label]) => `${counts[table] ?? 0} ${label}`).join(', ');
}

export async function backupCommand(args: string[], store: Store, config: Config): Promise<number> {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true }));
  } catch (error) {
    console.error((error as Error).message);
    console.error(BACKUP_USAGE);
    return 2;
  }
  if (positionals.length !== 1) {
    console.error(BACKUP_USAGE);
    return 2;
  }
  const file = positionals[0]!;
  const manifest = await makeBackup({ store, mediaDir: config.mediaDir, file });
  const megabytes = (manifest.media.bytes / 1e6).toFixed(1);
  console.log(
    `Backed up ${describeCounts(manifest.database.counts)} and ${manifest.media.files} media files (${megabytes} MB) to ${file}.`,
  );
  return 0;
}
