import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

// HTTP over a bare socket, for what fetch cannot do: send the headers and hold the body
// back, trickle bytes, or watch when the server answers and closes.

export interface RawConnection {
  socket: net.Socket;
  /** Everything the server has sent so far. */
  received(): string;
  /** Resolves with what was received once the server has sent a status line (or closed), whichever first. */
  answer(timeoutMs?: number): Promise<string>;
  /** Resolves once the server has closed the connection; rejects after `timeoutMs`. */
  closed(timeoutMs?: number): Promise<void>;
  /** Writes and resolves once the bytes are handed to the kernel, or false if the server had closed. */
  write(bytes: string | Buffer): Promise<boolean>;
}

export function connect(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      let text = '';
      let ended = false;
      const waiters: Array<() => void> = [];
      const wake = () => waiters.splice(0).forEach((w) => w());
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        text += chunk;
        wake();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        ended = true;
        wake();
      });
      const until = (done: () => boolean, timeoutMs: number, what: string) =>
        new Promise<void>((ok, fail) => {
          const check = () => {
            if (done()) {
              clearTimeout(timer);
              ok();
            } else waiters.push(check);
          };
          const timer = setTimeout(() => fail(new Error(`${what} within ${timeoutMs} ms; received: ${text.slice(0, 300)}`)), timeoutMs);
          check();
        });
      resolve({
        socket,
        received: () => text,
        answer: async (timeoutMs = 10_000) => {
          await until(() => /^HTTP\/1\.1 \d{3}/.test(text) || ended, timeoutMs, 'no answer');
          return text;
        },
        closed: (timeoutMs = 10_000) => until(() => ended, timeoutMs, 'the connection was not closed'),
        write: (bytes) =>
          new Promise((done) => {
            if (ended || socket.destroyed) return done(false);
            socket.write(bytes, (error) => done(!error));
          }),
      });
    });
    socket.once('error', reject);
  });
}

/** The status code of the first answer in `text`, or null. */
export const statusOf = (text: string): number | null => {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return match ? Number(match[1]) : null;
};

/** The pid of the process listening on the loopback port of `url` (read with ss; the tests run as root). */
export function listeningPid(url: string): number {
  const port = new URL(url).port;
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const match = /pid=(\d+)/.exec(out);
  if (!match) throw new Error(`nothing listens on port ${port}: ${out}`);
  return Number(match[1]);
}

/** Resident memory of a process in bytes, from /proc. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}
