import net from 'node:net';

// A small SMTP server over real TCP that hangs up at a chosen phase of the dialogue: at
// the greeting, or on EHLO, MAIL FROM, RCPT TO or DATA, or after the whole message
// arrived but before its 250. It hangs up only `drops` times, then serves normally, so a
// retried message can be seen to arrive. It advertises no PIPELINING, so each command is
// answered before the next is sent and the phase is exact.

export type DropPhase = 'greeting' | 'ehlo' | 'mail' | 'rcpt' | 'data' | 'body';

export interface DroppingSmtp {
  url: string;
  /** Messages whose body arrived whole (the server has them, whether or not it said 250). */
  messages: Array<{ to: string[]; raw: string }>;
  /** Times it hung up. */
  dropped: number;
  close(): Promise<void>;
}

const COMMAND_PHASE: Record<string, DropPhase> = { EHLO: 'ehlo', HELO: 'ehlo', MAIL: 'mail', RCPT: 'rcpt', DATA: 'data' };

export async function startDroppingSmtp(phase: DropPhase, options: { drops?: number; after?: number } = {}): Promise<DroppingSmtp> {
  let dropsLeft = options.drops ?? 1;
  /** Times the phase passes normally before the first drop (a later message on a reused connection). */
  let passesLeft = options.after ?? 0;
  const sockets = new Set<net.Socket>();
  const state: DroppingSmtp = { url: '', messages: [], dropped: 0, close: async () => {} };
  const dropHere = (at: DropPhase) => {
    if (at !== phase || dropsLeft <= 0) return false;
    if (passesLeft > 0) {
      passesLeft -= 1;
      return false;
    }
    dropsLeft -= 1;
    state.dropped += 1;
    return true;
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (dropHere('greeting')) return void socket.destroy();
    socket.write('220 drop.test ESMTP\r\n');
    let buffer = '';
    let body: string | null = null;
    let to: string[] = [];
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (body !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          body += buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 5);
          state.messages.push({ to, raw: body });
          body = null;
          to = [];
          if (dropHere('body')) return void socket.destroy();
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.split(/[ :]/)[0]!.toUpperCase();
        const at = COMMAND_PHASE[verb];
        if (at && dropHere(at)) return void socket.destroy();
        if (verb === 'EHLO') socket.write('250-drop.test\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO' || verb === 'RSET' || verb === 'NOOP' || verb === 'MAIL') socket.write('250 2.0.0 OK\r\n');
        else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          socket.write('250 2.1.5 OK\r\n');
        } else if (verb === 'DATA') {
          body = '';
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 2.0.0 bye\r\n');
        else socket.write('502 5.5.2 not implemented\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}
