import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ProcessedImage } from '../../media/image-variants.js';
import { imageFiles } from '../../media/image-variants.js';

// Where an import encodes its images before it commits. A SIGKILLed import cannot clean
// up after itself, so nothing it writes reaches the library folder until just before its
// transaction: the images are encoded in a dot-named scratch folder inside the media
// folder (same file system, so moving is a rename), the list of files about to move is
// written down first, and the next import removes what a dead one left: its scratch
// folder, and any moved file whose row never committed.

const PREFIX = '.import-';
const MOVING = 'moving.json';

export async function openScratch(mediaDir: string): Promise<string> {
  const dir = path.join(mediaDir, `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Moves the images' files from the scratch folder into the library, having recorded which first. */
export async function moveIntoLibrary(scratch: string, mediaDir: string, images: ProcessedImage[]): Promise<void> {
  const files = images.flatMap((image) => imageFiles(image));
  const list = await open(path.join(scratch, MOVING), 'w', 0o600);
  try {
    await list.writeFile(JSON.stringify(files));
    await list.sync();
  } finally {
    await list.close();
  }
  for (const file of files) {
    await mkdir(path.dirname(path.join(mediaDir, file)), { recursive: true });
    await rename(path.join(scratch, file), path.join(mediaDir, file));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what imports that died left behind: their scratch folders, and the moved
 * files whose stem no committed image row has (`committedStems`). A live import's
 * folder (its process still runs) is left alone.
 */
export async function sweepAbandonedScratch(mediaDir: string, committedStems: ReadonlySet<string>): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(mediaDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const pid = Number(/^\.import-(\d+)-/.exec(entry)?.[1]);
    if (!pid || alive(pid)) continue;
    const dir = path.join(mediaDir, entry);
    const moving = await readFile(path.join(dir, MOVING), 'utf8').then(
      (text) => JSON.parse(text) as string[],
      () => [],
    );
    for (const file of moving) {
      // Our own list, but a name is checked before it is removed: "ab/<stem>.orig.jpg", "ab/<stem>-480.webp".
      const stem = /^[0-9a-f]{2}\/([0-9a-f]+)[.-][\w.-]+$/.exec(file)?.[1];
      if (stem && !committedStems.has(stem)) await rm(path.join(mediaDir, file), { force: true });
    }
    await rm(dir, { recursive: true, force: true });
  }
}
