import type { ArchivePart } from './backup-archive.js';

// The manifest is the last entry of every backup: what it holds and how to check it.

export const BACKUP_FORMAT = 'masthead-backup';
export const BACKUP_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  database: {
    /** The dump's kind (which engine wrote it): a restore refuses another. */
    kind: string;
    /** Its path inside the archive. */
    file: string;
    /** Migrations applied when it was taken. */
    migrations: string[];
    /** Rows per table in the dump. */
    counts: Record<string, number>;
  };
  media: { files: number; bytes: number };
  /** Every other entry, with its size and sha256. */
  parts: ArchivePart[];
}

export class BackupError extends Error {}

/** Reads a manifest, refusing anything that is not one this version can restore. */
export function parseManifest(text: string): BackupManifest {
  let value: Partial<BackupManifest>;
  try {
    value = JSON.parse(text) as Partial<BackupManifest>;
  } catch {
    throw new BackupError('not a Masthead backup: its manifest is not JSON.');
  }
  if (value.format !== BACKUP_FORMAT) throw new BackupError('not a Masthead backup: the manifest names no Masthead backup format.');
  if (value.version !== BACKUP_VERSION) {
    throw new BackupError(`this backup's format is version ${String(value.version)}; this Masthead reads version ${BACKUP_VERSION}.`);
  }
  const db = value.database;
  if (!db || typeof db.kind !== 'string' || typeof db.file !== 'string' || !Array.isArray(db.migrations) || !Array.isArray(value.parts)) {
    throw new BackupError('not a Masthead backup: the manifest is incomplete.');
  }
  return value as BackupManifest;
}

/** Every part the manifest lists, found with the same size and sha256, and nothing else. */
export function checkParts(manifest: BackupManifest, found: ArchivePart[]): void {
  const byName = new Map(found.filter((p) => p.name !== MANIFEST_NAME).map((p) => [p.name, p]));
  for (const part of manifest.parts) {
    const got = byName.get(part.name);
    if (!got) throw new BackupError(`the backup is damaged: ${part.name} is missing.`);
    if (got.bytes !== part.bytes || got.sha256 !== part.sha256)
      throw new BackupError(`the backup is damaged: ${part.name} does not match its checksum.`);
    byName.delete(part.name);
  }
  const stray = [...byName.keys()];
  if (stray.length) throw new BackupError(`the backup holds ${stray[0]}, which its manifest does not list.`);
  if (!manifest.parts.some((p) => p.name === manifest.database.file)) throw new BackupError('the backup holds no database.');
}
