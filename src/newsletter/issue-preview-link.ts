import { hmac, safeEqual } from '../auth/tokens.js';

// The test mail's "View in your browser" link (issue 13). An issue's web version is public
// only once its send has started, so a draft's test mail links here instead: the issue id
// and an expiry time, signed with the server's secret. Nothing is stored; whoever holds
// the link (the test's recipient) sees the draft until it expires, nobody else can guess it.

const PREVIEW_VALID_MS = 7 * 24 * 60 * 60 * 1000;
export const ISSUE_PREVIEW_PATH = '/admin/preview/newsletter';

const signed = (secret: string, issueId: number, expires: number) => hmac(secret, `newsletter-issue-preview:${issueId}:${expires}`);

export function issuePreviewUrl(secret: string, siteUrl: string, issueId: number, at: Date): string {
  const expires = Math.floor((at.getTime() + PREVIEW_VALID_MS) / 1000);
  return `${siteUrl}${ISSUE_PREVIEW_PATH}/${issueId}?expires=${expires}&sig=${signed(secret, issueId, expires)}`;
}

/** Whether the link's signature holds for this issue and it has not expired. */
export function issuePreviewValid(secret: string, issueId: number, query: { expires?: unknown; sig?: unknown }, at: Date): boolean {
  const expires = typeof query.expires === 'string' && /^\d{1,12}$/.test(query.expires) ? Number(query.expires) : null;
  if (expires === null || typeof query.sig !== 'string' || expires * 1000 <= at.getTime()) return false;
  return safeEqual(query.sig, signed(secret, issueId, expires));
}
