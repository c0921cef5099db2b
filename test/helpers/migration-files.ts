import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The real export files the importer tests read (WordPress WXR, Ghost exports). They live
// outside the repository, in the team's shared folder, and are never copied into it.
// Looked up beside the checkout first, then at the machine's shared folder.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const candidates = [process.env.MIGRATION_FIXTURES_DIR, path.resolve(repoRoot, '../shared/migration'), '/work/shared/migration'].filter(
  (dir): dir is string => !!dir,
);

/** The folder holding `wordpress/` and `ghost/`, or null when this machine has none. */
export const migrationFilesDir: string | null = candidates.find((dir) => existsSync(path.join(dir, 'README.md'))) ?? null;

if (!migrationFilesDir) console.warn(`[migration tests] export files not found (looked in ${candidates.join(', ')}): skipping`);

/** Absolute path of one export file, e.g. migrationFile('wordpress/wordpress-importer/small-export.xml'). */
export function migrationFile(relative: string): string {
  if (!migrationFilesDir) throw new Error('migration export files are not on this machine');
  return path.join(migrationFilesDir, relative);
}
