import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

// The two ways a mail server hands over a mailbox: one mbox file (messages separated by
// "From " lines; ">From " in a body is unescaped, mboxrd) or a Maildir (one file per
// message in new/ and cur/). Messages come one at a time, so a large mailbox is never
// held in memory whole.

export async function* mboxMessages(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'latin1' }), crlfDelay: Infinity });
  let message: string[] | null = null;
  for await (const line of lines) {
    if (line.startsWith('From ')) {
      if (message) yield message.join('\n');
      message = [];
      continue;
    }
    if (message === null) continue;
    message.push(/^>+From /.test(line) ? line.slice(1) : line);
  }
  if (message) yield message.join('\n');
}

export async function* maildirMessages(dir: string): AsyncGenerator<string> {
  for (const folder of ['new', 'cur']) {
    let names: string[];
    try {
      names = await readdir(path.join(dir, folder));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const name of names.sort()) {
      if (name.startsWith('.')) continue;
      const file = path.join(dir, folder, name);
      if (!(await stat(file)).isFile()) continue;
      yield await readFile(file, 'latin1');
    }
  }
}

export async function isMaildir(dir: string): Promise<boolean> {
  for (const folder of ['new', 'cur']) {
    try {
      if ((await stat(path.join(dir, folder))).isDirectory()) return true;
    } catch {
      // not there
    }
  }
  return false;
}
