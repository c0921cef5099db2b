import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { csrfToken } from '../auth/csrf.js';
import type { SessionStaff } from '../auth/sessions.js';
import { can, type Actor } from '../content/policy.js';
import { ROLE_LABELS } from '../content/roles.js';
import type { StoryEventSink } from '../editorial/story-events.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
import { newNonce } from '../http/page-cache.js';
import type { Mailer } from '../mail/mailer.js';
import type { MediaLimits } from '../media/media-limits.js';
import type { NewsroomAssets, NewsroomContext } from '../render/newsroom/newsroom-view.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import type { Db, DialectOperations } from '../store/store.js';

// What every newsroom handler shares: its dependencies, the signed-in person, and one way
// to send a page (never cached, nonce'd CSP, framing refused).

export interface NewsroomDeps {
  db: Db;
  /** The store's engine-specific operations: story search and the index kept by every save. */
  dialect: DialectOperations;
  siteUrl: string;
  secretKey: string;
  mailer: Mailer;
  /** The sender address (MAIL_FROM): it names a newsletter's Message-IDs and List-Id. */
  mailFrom: string;
  mediaDir: string;
  assets: NewsroomAssets;
  events: StoryEventSink;
  /** Where the mailer writes .eml files; null when SMTP_URL is set and nothing is kept. */
  outboxDir: string | null;
  /** Upload size, pixel limit and temp folder (MEDIA_MAX_UPLOAD_MB…); the defaults when absent. */
  mediaLimits?: MediaLimits;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff: SessionStaff | null;
  }
}

export function actorOf(staff: SessionStaff): Actor {
  return { id: staff.id, role: staff.role };
}

const NAV: Array<{ label: string; href: string; allowed: (actor: Actor, deps: NewsroomDeps) => boolean }> = [
  { label: 'Stories', href: '/admin', allowed: () => true },
  { label: 'Media', href: '/admin/media', allowed: (a) => can(a, 'media.upload') },
  { label: 'Sections', href: '/admin/sections', allowed: (a) => can(a, 'taxonomy.manage') },
  { label: 'Tags', href: '/admin/tags', allowed: (a) => can(a, 'taxonomy.manage') },
  { label: 'Authors', href: '/admin/authors', allowed: (a) => can(a, 'taxonomy.manage') },
  { label: 'Redirects', href: '/admin/redirects', allowed: (a) => can(a, 'redirects.manage') },
  { label: 'Pages', href: '/admin/pages', allowed: (a) => can(a, 'page.manage') },
  { label: 'Imports', href: '/admin/imports', allowed: (a) => can(a, 'taxonomy.manage') },
  { label: 'Subscribers', href: '/admin/subscribers', allowed: (a) => can(a, 'newsletter.manage') },
  { label: 'Newsletters', href: '/admin/newsletters', allowed: (a) => can(a, 'newsletter.manage') },
  { label: 'Staff', href: '/admin/staff', allowed: (a) => can(a, 'staff.manage') },
  { label: 'Settings', href: '/admin/settings', allowed: (a) => can(a, 'settings.manage') },
  { label: 'Sign-in security', href: '/admin/account/two-factor', allowed: () => true },
  { label: 'Audit trail', href: '/admin/audit', allowed: (a) => can(a, 'audit.read') },
  { label: 'Mail problems', href: '/admin/mail-problems', allowed: (a) => can(a, 'mail.problems') },
  { label: 'Outbox', href: '/admin/outbox', allowed: (a, deps) => deps.outboxDir !== null && can(a, 'outbox.read') },
];

export async function newsroomContext(deps: NewsroomDeps, request: FastifyRequest, nonce: string): Promise<NewsroomContext> {
  const settings = await loadPublicationSettings(deps.db);
  const staff = request.staff;
  const path = request.url.split('?')[0] ?? '';
  return {
    publicationName: settings.name,
    assets: deps.assets,
    nonce,
    zone: settings.time_zone,
    locale: settings.locale,
    staff: staff ? { name: staff.name, role: staff.role, roleLabel: ROLE_LABELS[staff.role] } : null,
    csrf: staff ? csrfToken(deps.secretKey, staff.sessionHash) : null,
    nav: staff
      ? NAV.filter((item) => item.allowed(actorOf(staff), deps)).map((item) => ({
          label: item.label,
          href: item.href,
          current: item.href === '/admin' ? path === '/admin' || path.startsWith('/admin/stories') : path.startsWith(item.href),
        }))
      : [],
  };
}

/** Renders a newsroom page component with a fresh nonce and sends it. */
export async function sendNewsroomPage<P extends { ctx: NewsroomContext }>(
  deps: NewsroomDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  component: (props: P) => VNode | null,
  props: Omit<P, 'ctx'>,
  status = 200,
) {
  const nonce = newNonce();
  const ctx = await newsroomContext(deps, request, nonce);
  const html = `<!DOCTYPE html>${renderToString(h(component as never, { ...props, ctx } as never))}`;
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'private, no-store')
    .header('Content-Security-Policy', contentSecurityPolicy(nonce, { frames: true }))
    .send(html);
}
