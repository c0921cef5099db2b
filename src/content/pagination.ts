// Listing pages are numbered from 1. A page number from a URL is untrusted text.

export const PAGE_SIZE = 20;
export const MAX_PAGE = 100_000;

export type PageRequest = { ok: true; page: number } | { ok: false; reason: string };

/** Parses `?page=`: absent means 1; anything but a plain positive integer is refused. */
export function parsePageParam(raw: unknown): PageRequest {
  if (raw === undefined) return { ok: true, page: 1 };
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,5}$/.test(raw)) {
    return { ok: false, reason: 'The page number must be a whole number from 1.' };
  }
  const page = Number(raw);
  return page > MAX_PAGE ? { ok: false, reason: 'That page number is too large.' } : { ok: true, page };
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function pageOffset(page: number, pageSize = PAGE_SIZE): number {
  return (page - 1) * pageSize;
}
