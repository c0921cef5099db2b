import path from 'node:path';
import { SourceFormatError, type SourceEvent, type SourceReader } from '../source-model.js';
import { openGhostFile } from './ghost-archive.js';
import { ghostEvents } from './ghost-events.js';
import { parseGhostExport } from './ghost-export-json.js';
import { readGhostMembers } from './ghost-members.js';
import { readGhostRedirects } from './ghost-redirects.js';

export interface GhostExportOptions {
  /** Ghost's members CSV export. */
  members?: string;
  /** Ghost's redirects file, YAML or JSON. */
  redirects?: string;
}

/**
 * Opens a Ghost export (JSON, or a zip with the JSON at its root and images under
 * content/images/) with its optional members CSV and redirects file. Every file is read
 * and checked here, before the first event, so a broken one throws SourceFormatError and
 * nothing is written.
 */
export async function openGhostExport(file: string, options: GhostExportOptions = {}): Promise<SourceReader> {
  const source = await openSource(file);
  try {
    const data = parseGhostExport(source.json, source.jsonName);
    const members = options.members ? await readGhostMembers(options.members) : null;
    const redirects: SourceEvent[] = options.redirects
      ? (await readGhostRedirects(options.redirects)).map((redirect) => ({ kind: 'redirect', redirect }))
      : [];
    let iterated = false;
    return {
      events: () => {
        if (iterated) throw new Error('a Ghost source can be read once');
        iterated = true;
        return toAsync(ghostEvents({ data, members, redirects }));
      },
      asset: (url) => source.asset(url),
      close: () => source.close(),
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}

async function openSource(file: string): ReturnType<typeof openGhostFile> {
  try {
    return await openGhostFile(file);
  } catch (error) {
    if (error instanceof SourceFormatError) throw error;
    throw new SourceFormatError(`${path.basename(file)} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function* toAsync(events: Iterable<SourceEvent>): AsyncIterable<SourceEvent> {
  yield* events;
}
