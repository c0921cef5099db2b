import { stat } from 'node:fs/promises';
import path from 'node:path';
import { megabytes } from '../media/media-limits.js';

// `masthead import FILE.json [--max-size MB]`: a bundle is parsed whole, so memory grows
// with the file (a 600 MB bundle took the CLI to 756 MB). A file over the limit is
// refused from its size alone, before a byte is read. The limit is IMPORT_MAX_MB, or
// --max-size for one run.

export type ImportArgs = { file: string; maxBytes: number | null } | { usage: true };

/** FILE plus an optional `--max-size MB`; anything else is a usage error. */
export function parseImportArgs(args: string[]): ImportArgs {
  let file: string | null = null;
  let maxBytes: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--max-size') {
      const mb = Number(args[++i]);
      if (!Number.isFinite(mb) || mb <= 0) return { usage: true };
      maxBytes = Math.round(mb * 1024 * 1024);
    } else if (!arg.startsWith('--') && file === null) file = arg;
    else return { usage: true };
  }
  return file === null ? { usage: true } : { file: path.resolve(file), maxBytes };
}

/** Why the file is refused (naming its size and the limit), or null when it may be read. */
export async function bundleTooLarge(file: string, maxBytes: number): Promise<string | null> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return null; // The importer names a missing or unreadable file itself.
  }
  if (size <= maxBytes) return null;
  return (
    `${path.basename(file)} is ${megabytes(size)}; the import limit is ${megabytes(maxBytes)}. ` +
    'Nothing was imported. Raise it with IMPORT_MAX_MB or --max-size MB if this machine has the memory (about 1.3 times the file).'
  );
}
