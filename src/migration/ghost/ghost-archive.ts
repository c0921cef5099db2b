import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { SourceFormatError } from '../source-model.js';
import { imageEntryName } from './zip-image-path.js';

// A Ghost export arrives as its JSON alone or as the zip Ghost's importer accepts (JSON at
// the root, images under content/images/). The zip's directory is read once; an image's
// bytes are read only when asked for, so an archive of gigabytes of images never sits in
// memory.

export interface GhostFile {
  /** The export's JSON text. */
  json: string;
  /** For error messages: the file, or `archive.zip:inner.json`. */
  jsonName: string;
  asset(url: string): Promise<Buffer | null>;
  close(): Promise<void>;
}

const ZIP_MAGIC = Buffer.from('PK');

export async function openGhostFile(file: string): Promise<GhostFile> {
  const head = await readHead(file);
  if (head.subarray(0, 2).equals(ZIP_MAGIC)) return openZip(file);
  const json = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  return { json, jsonName: path.basename(file), asset: () => Promise.resolve(null), close: () => Promise.resolve() };
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function openZip(file: string): Promise<GhostFile> {
  const name = path.basename(file);
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw new SourceFormatError(`${name} is not a readable zip (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    const { jsonEntry, images } = await indexEntries(zip, name);
    const json = (await readEntry(zip, jsonEntry)).toString('utf8').replace(/^\uFEFF/, '');
    return {
      json,
      jsonName: `${name}:${jsonEntry.fileName}`,
      asset: async (url) => {
        const entryName = imageEntryName(url, (candidate) => images.has(candidate));
        const entry = entryName === null ? undefined : images.get(entryName);
        return entry ? readEntry(zip, entry) : null;
      },
      close: () => Promise.resolve(zip.close()),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

async function indexEntries(zip: ZipFile, name: string): Promise<{ jsonEntry: Entry; images: Map<string, Entry> }> {
  let jsonEntry: Entry | null = null;
  const images = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      if (!entry.fileName.includes('/') && entry.fileName.toLowerCase().endsWith('.json')) jsonEntry ??= entry;
      else if (entry.fileName.startsWith('content/images/')) images.set(entry.fileName, entry);
    }
  } catch (error) {
    throw new SourceFormatError(`${name} is not a readable zip (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!jsonEntry) throw new SourceFormatError(`${name} holds no Ghost JSON export at its root`);
  return { jsonEntry, images };
}

async function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
