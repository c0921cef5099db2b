import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { restoreBackup, RestoreRefused } from '../operations/restore-backup.js';
import type { Store } from '../store/store.js';
import { describeCounts } from './backup-command.js';

// `masthead restore FILE [--force]`: stop the site first (docs/backup.md). A refusal
// exits 1 having changed nothing.

export const RESTORE_USAGE = 'Usage: masthead restore FILE.tar.gz [--force]   (--force replaces a site that has content)';

export async function restoreCommand(args: string[], store: Store, config: Config): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { force: { type: 'boolean' } }, strict: true, allowPositionals: true });
  } catch (error) {
    console.error((error as Error).message);
    console.error(RESTORE_USAGE);
    return 2;
  }
  if (parsed.positionals.length !== 1) {
    console.error(RESTORE_USAGE);
    return 2;
  }
  const file = parsed.positionals[0]!;
  try {
    const { manifest, migrated } = await restoreBackup({ store, mediaDir: config.mediaDir, file, force: parsed.values.force === true });
    console.log(
      `Restored ${describeCounts(manifest.database.counts)} and ${manifest.media.files} media files from ${file} (made ${manifest.createdAt}).`,
    );
    if (migrated.length) console.log(`The backup was older than this Masthead: applied ${migrated.join(', ')}.`);
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefused) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
