import type { Kysely } from 'kysely';
import type { Tables } from '../schema.js';

// A consistent copy of the whole database, and its restore: what `masthead backup` and
// `masthead restore` need from an engine. Each dialect implements it in
// dialects/<engine>/<engine>-backup.ts; nothing above the store knows which one it holds.

export interface DatabaseBackup {
  /** What kind of dump this engine writes, recorded in the backup's manifest; a restore refuses another kind. */
  readonly kind: string;
  /** The dump's file name inside the backup. */
  readonly fileName: string;
  /**
   * Writes a consistent copy of the database to `file` while the site keeps writing, and
   * runs `read` on that same point in time (the manifest's counts and the media it lists).
   */
  snapshot<T>(db: Kysely<Tables>, file: string, read: (snapshot: Kysely<Tables>) => Promise<T>): Promise<T>;
  /** Replaces everything in the database with the dump at `file`, in one step: on failure nothing changed. */
  restore(db: Kysely<Tables>, file: string): Promise<void>;
}
