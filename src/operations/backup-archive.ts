import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

// A backup is one gzipped tar (POSIX ustar), so `tar -tzf` lists it and `tar -xzf`
// unpacks it on any machine. Only the subset Masthead writes is read back: regular
// files under short, plain relative names. A few dozen lines of our own instead of a
// tar package: the format needed is that small, and the reader refuses everything else.

const BLOCK = 512;
/** Names of a single ustar field (100 bytes); ours are far shorter. */
const MAX_NAME = 100;
/** Plain relative paths: letters, digits, dot, dash, underscore; no "..", no leading "/". */
const SAFE_NAME = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export class ArchiveError extends Error {}

export interface ArchivePart {
  /** Path inside the archive. */
  name: string;
  bytes: number;
  sha256: string;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: number): Buffer {
  if (!SAFE_NAME.test(name) || Buffer.byteLength(name) > MAX_NAME) throw new ArchiveError(`cannot store "${name}" in a backup`);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 'utf8');
  block.write(octal(0o644, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(Math.floor(mtime / 1000), 12), 136);
  block.write(' '.repeat(8), 148);
  block.write('0', 156);
  block.write('ustar\0', 257);
  block.write('00', 263);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148);
  return block;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** Writes a .tar.gz one part at a time, hashing each part's bytes as they go in. */
export class ArchiveWriter {
  private readonly tar = new PassThrough();
  private readonly done: Promise<void>;
  readonly parts: ArchivePart[] = [];

  constructor(file: string) {
    this.done = pipeline(this.tar, createGzip(), createWriteStream(file, { mode: 0o600 }));
    // The pipeline's error surfaces from finish(); a write waiting on it must not hang.
    this.done.catch(() => undefined);
  }

  private async push(chunk: Buffer): Promise<void> {
    if (!this.tar.write(chunk)) await new Promise<void>((resolve) => this.tar.once('drain', resolve));
  }

  /** Adds the file at `source` as `name`, refusing one whose size changes while it is read. */
  async addFile(name: string, source: string): Promise<ArchivePart> {
    const { size, mtimeMs } = await stat(source);
    await this.push(header(name, size, mtimeMs));
    const hash = createHash('sha256');
    let written = 0;
    const chunks = size > 0 ? (createReadStream(source, { end: size - 1 }) as AsyncIterable<Buffer>) : [];
    for await (const chunk of chunks) {
      hash.update(chunk);
      written += chunk.length;
      await this.push(chunk);
    }
    if (written !== size) throw new ArchiveError(`${source} changed size while it was copied`);
    await this.push(padding(size));
    const part = { name, bytes: size, sha256: hash.digest('hex') };
    this.parts.push(part);
    return part;
  }

  async addBuffer(name: string, data: Buffer): Promise<void> {
    await this.push(header(name, data.length, Date.now()));
    await this.push(data);
    await this.push(padding(data.length));
  }

  async finish(): Promise<void> {
    this.tar.end(Buffer.alloc(BLOCK * 2));
    await this.done;
  }
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function parseHeader(block: Buffer): { name: string; size: number } | null {
  if (block.every((byte) => byte === 0)) return null;
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  if (Number.parseInt(field(block, 148, 8).trim(), 8) !== sum) throw new ArchiveError('not a Masthead backup (a damaged tar header)');
  const type = field(block, 156, 1);
  const name = field(block, 0, 100);
  if (type !== '0' && type !== '') throw new ArchiveError(`unexpected entry "${name}" in the backup (only files are restored)`);
  if (!SAFE_NAME.test(name)) throw new ArchiveError(`unsafe name "${name}" in the backup`);
  const size = Number.parseInt(field(block, 124, 12).trim(), 8);
  if (!Number.isSafeInteger(size) || size < 0) throw new ArchiveError(`bad size for "${name}" in the backup`);
  return { name, size };
}

/**
 * Unpacks a .tar.gz into `dir`, returning every part with the sha256 of the bytes
 * actually written. Nothing outside `dir` is touched: names are checked before use.
 */
export async function extractArchive(file: string, dir: string): Promise<ArchivePart[]> {
  const parts: ArchivePart[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let entry: { name: string; remaining: number; pad: number; hash: ReturnType<typeof createHash>; size: number } | null = null;
  let handle: Awaited<ReturnType<typeof open>> | null = null;
  let ended = false;

  const source = Readable.from(createReadStream(file).pipe(createGunzip()));
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (!ended) {
        if (entry && entry.remaining > 0) {
          if (!pending.length) break;
          const take = pending.subarray(0, Math.min(entry.remaining, pending.length));
          pending = pending.subarray(take.length);
          entry.hash.update(take);
          await handle!.write(take);
          entry.remaining -= take.length;
          continue;
        }
        if (entry) {
          if (pending.length < entry.pad) break;
          pending = pending.subarray(entry.pad);
          await handle!.close();
          handle = null;
          parts.push({ name: entry.name, bytes: entry.size, sha256: entry.hash.digest('hex') });
          entry = null;
          continue;
        }
        if (pending.length < BLOCK) break;
        const parsed = parseHeader(pending.subarray(0, BLOCK));
        pending = pending.subarray(BLOCK);
        if (!parsed) {
          ended = true;
          break;
        }
        if (parts.some((p) => p.name === parsed.name)) throw new ArchiveError(`"${parsed.name}" appears twice in the backup`);
        const target = path.join(dir, parsed.name);
        await mkdir(path.dirname(target), { recursive: true });
        handle = await open(target, 'wx', 0o600);
        entry = {
          name: parsed.name,
          remaining: parsed.size,
          pad: padding(parsed.size).length,
          hash: createHash('sha256'),
          size: parsed.size,
        };
      }
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`cannot read the backup (${(error as Error).message}).`);
  } finally {
    await handle?.close();
  }
  if (!ended || entry) throw new ArchiveError('the backup is cut short (the file is incomplete)');
  return parts;
}
