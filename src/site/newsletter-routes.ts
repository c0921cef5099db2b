import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newNonce } from '../http/page-cache.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import {
  checkConfirmToken,
  confirmSignup,
  dataLinkSubscriber,
  eraseWithDataLink,
  exportSubscriberData,
  requestDataLink,
  unsubscribe,
  unsubscribeSubject,
  type DataLinkProblem,
} from '../newsletter/reader-subscription.js';
import { parseSignupForm, parseSignupJson } from '../newsletter/signup-input.js';
import { checkSignupRate, signUp } from '../newsletter/signup.js';
import { buildPageMeta } from '../render/html/meta.js';
import type { NewsletterFlowView } from '../render/html/newsletter-pages.js';
import { renderNewsletterFlowPage, renderNewsletterPage } from '../render/html/pages.js';
import type { AssetsView, PageContext } from '../render/html/view-model.js';
import { listNewsletters } from '../store/newsletter/newsletter-repository.js';
import type { Db } from '../store/store.js';
import { readSiteBasics } from './site-basics.js';

// The reader's side of the newsletter (SPEC §6): sign-up (form or JSON), the confirmation
// page and its POST, one-click unsubscribe (RFC 8058) and the reader's own data, which
// only a short-lived link mailed to the address opens (the unsubscribe link travels with
// every forwarded issue, so it can only ask for that mail). Every
// answer is private, unindexed and sends no Referer, because most URLs here carry a
// token. No CSRF check: nothing here acts on a cookie, and a mail provider's one-click
// POST arrives with neither cookies nor Origin; the token is the authority.

export interface NewsletterRouteDeps {
  db: Db;
  siteUrl: string;
  assets: AssetsView;
  mailer: Mailer;
  secretKey: string;
}

const CHECK_INBOX = 'Check your inbox: if the address can receive our newsletter, a message with a confirmation link is on its way.';

type Query = Record<string, unknown>;

function wantsJson(request: FastifyRequest): boolean {
  return /^application\/(?:[\w.+-]*\+)?json\b/i.test(request.headers['content-type'] ?? '');
}

function jsonError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.code(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export async function registerNewsletterRoutes(app: FastifyInstance, deps: NewsletterRouteDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 16 * 1024 });
    // RFC 8058 §3.1 lets the one-click POST arrive as multipart/form-data; its one field
    // ("List-Unsubscribe=One-Click") tells us nothing the URL's token does not.
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_request, _body, done) =>
      done(null, {}),
    );

    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('Cache-Control', 'private, no-store').header('X-Robots-Tag', 'noindex').header('Referrer-Policy', 'no-referrer');
    });

    // Mails leave after the answer, so its timing does not tell a known address from a new one.
    const inFlight = new Set<Promise<unknown>>();
    const sendLater = (mail: MailMessage) => {
      const sending: Promise<unknown> = deps.mailer
        .send(mail)
        .catch((error: unknown) => scope.log.error({ err: error }, 'a newsletter sign-up mail could not be sent'))
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    };
    scope.addHook('onClose', async () => {
      await Promise.allSettled([...inFlight]);
    });

    const context = async (): Promise<PageContext> => {
      const site = await readSiteBasics(deps.db, deps.siteUrl, deps.assets.icon);
      return { publication: site.publication, assets: deps.assets, nonce: newNonce() };
    };
    const sendHtml = (reply: FastifyReply, status: number, ctx: PageContext, html: string) =>
      reply.code(status).type('text/html; charset=utf-8').header('Content-Security-Policy', contentSecurityPolicy(ctx.nonce)).send(html);
    const sendFlow = async (reply: FastifyReply, status: number, view: NewsletterFlowView) => {
      const ctx = await context();
      return sendHtml(reply, status, ctx, renderNewsletterFlowPage(ctx, view));
    };

    scope.setErrorHandler(async (error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) request.log.error({ err: error }, 'newsletter request failed');
      const [code, message] =
        status === 415
          ? ['UNSUPPORTED_MEDIA_TYPE', 'Send a form or JSON (application/json).']
          : status === 413
            ? ['TOO_LARGE', 'The request body is too large.']
            : status < 500
              ? ['INVALID', 'The request could not be understood.']
              : ['INTERNAL', 'Something went wrong on our side. Nothing was changed.'];
      if (wantsJson(request)) return jsonError(reply, status, code, message);
      return app.sendErrorPage(reply.code(status), status, status < 500 ? 'Bad request' : 'Something went wrong', message);
    });

    /** The sign-up page again, with the reason, the typed address and the lists as chosen. */
    async function refuseForm(
      reply: FastifyReply,
      typed: { email: string; source: string; newsletters: string[] },
      error: { field: string; message: string },
    ) {
      const ctx = await context();
      const lists = await listNewsletters(deps.db);
      const chosen = new Set(typed.newsletters);
      const meta = buildPageMeta(ctx.publication, {
        title: 'Newsletter',
        description: ctx.publication.newsletterPitch,
        path: '/newsletter',
        noindex: true,
      });
      const html = renderNewsletterPage(ctx, meta, {
        source: typed.source,
        email: typed.email,
        error: error.message,
        errorField: error.field === 'newsletters' ? 'newsletters' : 'email',
        lists: lists.map((list, i) => ({
          slug: list.slug,
          name: list.name,
          description: list.description,
          checked: chosen.size === 0 ? i === 0 : chosen.has(list.slug),
        })),
      });
      return sendHtml(reply, 400, ctx, html);
    }

    scope.post('/newsletter/subscribe', async (request, reply) => {
      const json = wantsJson(request);
      const at = new Date();
      const limitedUntil = await checkSignupRate(deps.db, request.ip, at);
      if (limitedUntil) {
        const seconds = Math.max(1, Math.ceil((Date.parse(limitedUntil) - at.getTime()) / 1000));
        reply.header('Retry-After', String(seconds));
        if (json)
          return jsonError(
            reply,
            429,
            'RATE_LIMITED',
            `Too many sign-ups from this network. Try again in ${Math.ceil(seconds / 60)} minutes.`,
          );
        return sendFlow(reply, 429, { kind: 'too-many', minutes: Math.ceil(seconds / 60) });
      }
      const parsed = json ? parseSignupJson(request.body) : parseSignupForm(request.body);
      if (!parsed.ok) {
        if (json) return jsonError(reply, 400, parsed.error.code, parsed.error.message, { field: parsed.error.field });
        return refuseForm(reply, parsed, parsed.error);
      }
      const site = await readSiteBasics(deps.db, deps.siteUrl, deps.assets.icon);
      const result = await signUp(
        { db: deps.db, mailer: deps.mailer, siteUrl: deps.siteUrl, secretKey: deps.secretKey, publicationName: site.publication.name },
        { ...parsed.request, ip: request.ip },
        at,
      );
      if (result.type === 'unknown-lists') {
        const names = result.slugs.map((slug) => `“${slug.slice(0, 100)}”`).join(', ');
        const message = `There is no newsletter called ${names}.`;
        if (json) return jsonError(reply, 400, 'NEWSLETTER_UNKNOWN', message, { newsletters: result.slugs });
        return refuseForm(
          reply,
          { email: parsed.request.email, source: parsed.request.source, newsletters: [] },
          { field: 'newsletters', message },
        );
      }
      if (result.mail) sendLater(result.mail);
      if (json) return reply.code(202).send({ status: 'pending', message: CHECK_INBOX });
      return reply.redirect('/newsletter/check-inbox', 303);
    });

    scope.get('/newsletter/check-inbox', async (_request, reply) => sendFlow(reply, 200, { kind: 'check-inbox' }));

    scope.get('/newsletter/confirm', async (request, reply) => {
      const token = (request.query as Query).token;
      const state = await checkConfirmToken(deps.db, token, new Date());
      if (state !== 'ok') return sendFlow(reply, state === 'spent' ? 410 : 400, { kind: 'confirm-problem', problem: state });
      return sendFlow(reply, 200, { kind: 'confirm', token: token as string });
    });

    scope.post('/newsletter/confirm', async (request, reply) => {
      const body = (request.body ?? {}) as Query;
      const result = await confirmSignup(deps.db, body.token ?? (request.query as Query).token, new Date());
      if (!result.ok) return sendFlow(reply, result.problem === 'spent' ? 410 : 400, { kind: 'confirm-problem', problem: result.problem });
      return sendFlow(reply, 200, { kind: 'confirmed', lists: result.lists.map((list) => list.name) });
    });

    /** Resolves the query's unsubscribe token, answering for an invalid or dead one. */
    async function withSubject(
      request: FastifyRequest,
      reply: FastifyReply,
      act: (subject: Exclude<Awaited<ReturnType<typeof unsubscribeSubject>>, string>, token: string) => Promise<FastifyReply>,
    ) {
      const token = (request.query as Query).token;
      const subject = await unsubscribeSubject(deps.db, deps.secretKey, token);
      // A forged or mangled token names nothing that exists here: 404, as for any unknown address.
      if (subject === 'invalid') return sendFlow(reply, 404, { kind: 'unsubscribe-problem', problem: 'invalid' });
      if (subject === 'gone') return sendFlow(reply, 200, { kind: 'unsubscribe-problem', problem: 'gone' });
      return act(subject, token as string);
    }

    scope.get('/newsletter/unsubscribe', async (request, reply) =>
      withSubject(request, reply, (subject, token) =>
        sendFlow(reply, 200, {
          kind: 'unsubscribe',
          token,
          email: subject.email,
          list: subject.newsletter.name,
          state: subject.status === 'unsubscribed' || subject.status === null ? 'already' : 'ask',
        }),
      ),
    );

    scope.post('/newsletter/unsubscribe', async (request, reply) =>
      withSubject(request, reply, async (subject, token) => {
        await unsubscribe(deps.db, subject, new Date());
        return sendFlow(reply, 200, { kind: 'unsubscribe', token, email: subject.email, list: subject.newsletter.name, state: 'done' });
      }),
    );

    // The unsubscribe link asks for a data link; the mail goes to the subscribed address.
    scope.post('/newsletter/data/link', async (request, reply) =>
      withSubject(request, reply, async (subject) => {
        const at = new Date();
        const site = await readSiteBasics(deps.db, deps.siteUrl, deps.assets.icon);
        const asked = await requestDataLink({ db: deps.db, siteUrl: deps.siteUrl, publicationName: site.publication.name }, subject, at);
        if (!asked.ok) {
          const seconds = Math.ceil(asked.retryAfterMs / 1000);
          reply.header('Retry-After', String(seconds));
          return sendFlow(reply, 429, { kind: 'data-link-too-many', minutes: Math.ceil(seconds / 60) });
        }
        sendLater(asked.mail);
        return sendFlow(reply, 200, { kind: 'data-link-sent' });
      }),
    );

    /** A dead or unknown data link: 404 for one we never made (as any unknown URL), 410 for a spent one. */
    const dataLinkRefused = (reply: FastifyReply, problem: DataLinkProblem) =>
      sendFlow(reply, problem === 'invalid' ? 404 : problem === 'spent' ? 410 : 200, { kind: 'data-link-problem', problem });

    // A GET only shows the buttons (inbox link scanners open links), changing nothing.
    scope.get('/newsletter/data', async (request, reply) => {
      const token = (request.query as Query).token;
      const found = await dataLinkSubscriber(deps.db, token, new Date());
      if (!found.ok) return dataLinkRefused(reply, found.problem);
      return sendFlow(reply, 200, { kind: 'data', token: token as string, email: found.email });
    });

    scope.post('/newsletter/data', async (request, reply) => {
      const at = new Date();
      const found = await dataLinkSubscriber(deps.db, (request.query as Query).token, at);
      if (!found.ok) return dataLinkRefused(reply, found.problem);
      const data = await exportSubscriberData(deps.db, found.subscriberId, at);
      if (!data) return dataLinkRefused(reply, 'gone');
      return reply
        .type('application/json; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="newsletter-data.json"')
        .send(JSON.stringify(data, null, 2));
    });

    scope.post('/newsletter/data/delete', async (request, reply) => {
      const erased = await eraseWithDataLink(deps.db, (request.query as Query).token, new Date());
      if (!erased.ok) return dataLinkRefused(reply, erased.problem);
      return sendFlow(reply, 200, { kind: 'data-deleted' });
    });
  });
}
