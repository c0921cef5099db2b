import type { FastifyInstance } from 'fastify';
import { UNSUBSCRIBE_URL_MARKER } from '../newsletter/unsubscribe-link.js';
import { publicIssueHtml } from '../store/newsletter/newsletter-composer-repository.js';
import type { Db } from '../store/store.js';

// The web version of an issue ("View in your browser"): the frozen HTML of an issue whose
// send has started, exactly as mailed, with the unsubscribe link pointing at the
// newsletter page instead of anyone's personal link. Drafts and scheduled issues are 404:
// their text is not public yet.
//
// The mail's styles are inline (mail clients need them there), which the site's CSP
// (`style-src 'self'`) would block. This one response gets its own policy instead: no
// script of any kind, inline styles allowed, images only from the site. Inline CSS
// cannot run code, and the markup is built from escaped text by render/email.

/** `framedBySelf`: the newsroom's email preview frames it (issue-routes.ts); the public page refuses framing. */
export function webVersionPolicy(siteUrl: string, options: { framedBySelf?: boolean } = {}): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src 'self' ${new URL(siteUrl).origin}`,
    "script-src 'none'",
    "form-action 'none'",
    `frame-ancestors ${options.framedBySelf ? "'self'" : "'none'"}`,
    "base-uri 'none'",
  ].join('; ');
}

export function registerIssueWebVersion(app: FastifyInstance, options: { db: Db; siteUrl: string }): void {
  app.get('/newsletter/issues/:id', async (request, reply) => {
    const raw = (request.params as { id: string }).id;
    const html = /^[1-9]\d{0,15}$/.test(raw) ? await publicIssueHtml(options.db, Number(raw)) : null;
    if (html === null)
      return app.sendErrorPage(reply.code(404), 404, 'Page not found', 'There is no newsletter issue here, or it has not been sent yet.');
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'public, max-age=300, s-maxage=3600')
      .header('Content-Security-Policy', webVersionPolicy(options.siteUrl))
      .header('Referrer-Policy', 'no-referrer')
      .send(html.replaceAll(UNSUBSCRIBE_URL_MARKER, `${options.siteUrl}/newsletter`));
  });
}
