import type { PurgeOptions } from './cdn-purger.js';

// The one way the adapters talk to a purge endpoint: Node's fetch with a deadline, no
// redirects, and an error for anything but 2xx.
//
// Why not net/safe-fetch.ts: that fetcher guards URLs that less trusted people choose
// (webhook targets, embeds, imports) against reaching private addresses. Purge endpoints
// come only from the operator's environment, fixed at start, and the usual Varnish is on
// the same host or network (loopback or a private address, exactly what the SSRF
// rules refuse). Redirects are still not followed: a signed or authorised request is
// sent to the configured URL and nowhere else.

export const PURGE_TIMEOUT_MS = 10_000;

export class CdnPurgeError extends Error {
  constructor(
    readonly cdn: string,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

export interface PurgeRequest {
  cdn: string;
  url: string;
  method: 'POST' | 'PURGE';
  headers: Record<string, string>;
  body?: string;
}

/** Sends one purge request; resolves with the answer's text when the status is 2xx. */
export async function sendPurge(request: PurgeRequest, options: PurgeOptions = {}, timeoutMs = PURGE_TIMEOUT_MS): Promise<string> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: { 'user-agent': 'Masthead-CDN-Purge', ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    const reason = deadline.aborted ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    throw new CdnPurgeError(request.cdn, null, `${request.cdn} purge failed: ${reason}`);
  }
  const text = await response.text().catch(() => '');
  if (response.status < 200 || response.status > 299) {
    throw new CdnPurgeError(request.cdn, response.status, `${request.cdn} purge answered ${response.status}: ${text.slice(0, 200)}`);
  }
  return text;
}
