import type { FastifyReply, FastifyRequest } from 'fastify';
import { findRedirect, type RedirectAnswer } from '../store/redirects/redirect-repository.js';
import type { Db } from '../store/store.js';

// Old addresses (issue 10 §3): a reader's GET that would be a 404 asks the redirect table
// first, so pages that exist never pay for it. The front page is the one exception, for
// WordPress's query links ("/?p=12", "/?cat=3"): with none of those parameters it pays
// nothing either.

const OLD_QUERY_LINKS = ['p', 'page_id', 'cat', 'tag'] as const;

/** The rule for a request that found nothing, or null. Only reads redirect. */
export function redirectForMissingPage(db: Db, request: FastifyRequest): Promise<RedirectAnswer | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return Promise.resolve(null);
  return findRedirect(db, request.url);
}

/** The exact rule for the front page's first old query link ("/?p=12"); null, without a query, when it has none. */
export function redirectForOldQueryLink(db: Db, request: FastifyRequest): Promise<RedirectAnswer | null> | null {
  const query = request.query as Record<string, unknown>;
  for (const name of OLD_QUERY_LINKS) {
    const value = query[name];
    if (typeof value === 'string' && value !== '') return findRedirect(db, `/?${name}=${encodeURIComponent(value)}`);
  }
  return null;
}

export function sendRedirect(reply: FastifyReply, answer: RedirectAnswer) {
  return reply.header('Cache-Control', 'public, max-age=300').redirect(answer.location, answer.status);
}
