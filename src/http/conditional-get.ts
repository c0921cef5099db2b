import type { IncomingHttpHeaders } from 'node:http';

// Conditional GET (RFC 9110 §13): If-None-Match wins when present; otherwise
// If-Modified-Since is compared at the one-second precision of HTTP dates.

export function isNotModified(headers: IncomingHttpHeaders, etag: string, lastModified: string | null): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    // Weak comparison (§8.8.3.2): a W/ prefix does not matter for GET.
    return noneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === etag || tag === '*');
  }
  const since = headers['if-modified-since'];
  if (!since || !lastModified) return false;
  const sinceMs = Date.parse(since);
  const modifiedMs = Math.floor(Date.parse(lastModified) / 1000) * 1000;
  return Number.isFinite(sinceMs) && Number.isFinite(modifiedMs) && modifiedMs <= sinceMs;
}
