import http from 'node:http';

// A Server-Sent Events reader over a raw socket, as a browser's EventSource reads: the
// status and headers, then each event as it arrives (comment lines counted, not kept).

export interface StreamEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface EventStreamReader {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: StreamEvent[];
  /** Comment lines (heartbeats) seen so far. */
  comments: number;
  /** Set once the server ended the response (or the socket closed). */
  ended: boolean;
  body: string;
  /** The first event after `from` (an index into `events`) that `matches`, waited for up to `timeoutMs`. */
  next(matches: (event: StreamEvent) => boolean, timeoutMs?: number, from?: number): Promise<StreamEvent>;
  /** Resolves once the response has ended. */
  untilEnded(timeoutMs?: number): Promise<void>;
  close(): void;
}

export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (response) => {
      const waiters = new Set<() => void>();
      const wake = () => {
        for (const waiter of [...waiters]) waiter();
      };
      let buffer = '';
      const reader: EventStreamReader = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        events: [],
        comments: 0,
        ended: false,
        body: '',
        next(matches, timeoutMs = 5_000, from = 0) {
          return new Promise((done, fail) => {
            const check = () => {
              const found = reader.events.slice(from).find(matches);
              if (found) {
                waiters.delete(check);
                clearTimeout(timer);
                done(found);
              } else if (reader.ended) {
                waiters.delete(check);
                clearTimeout(timer);
                fail(new Error(`the stream ended without the awaited event; it sent: ${reader.body.slice(-500)}`));
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no such event within ${timeoutMs} ms; the stream sent: ${reader.body.slice(-500)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        untilEnded(timeoutMs = 5_000) {
          return new Promise((done, fail) => {
            const check = () => {
              if (!reader.ended) return;
              waiters.delete(check);
              clearTimeout(timer);
              done();
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`the stream was still open after ${timeoutMs} ms`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close: () => request.destroy(),
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        reader.body += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: StreamEvent = { id: null, event: 'message', data: '' };
          let fields = 0;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) reader.comments++;
            const match = /^(id|event|data): ?(.*)$/.exec(line);
            if (!match) continue;
            fields++;
            if (match[1] === 'id') event.id = match[2]!;
            else if (match[1] === 'event') event.event = match[2]!;
            else event.data += match[2];
          }
          if (fields && (event.data || event.event !== 'message')) reader.events.push(event);
        }
        wake();
      });
      const ended = () => {
        reader.ended = true;
        wake();
      };
      response.on('end', ended);
      response.on('close', ended);
      response.on('error', ended);
      resolve(reader);
    });
    request.on('error', reject);
  });
}
