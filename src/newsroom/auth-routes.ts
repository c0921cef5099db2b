import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attemptLogin } from '../auth/login.js';
import { recordAudit } from '../audit/record-audit.js';
import { recordSignIn, recordSignInRefusal } from '../audit/sign-in-audit.js';
import { completeOwnerSetup, setupTokenValid } from '../auth/owner-setup.js';
import { passwordProblem } from '../auth/passwords.js';
import { completePasswordReset, preparePasswordReset, resetLinkHolder, type LinkHolder } from '../auth/password-reset.js';
import { endSession, startSession } from '../auth/sessions.js';
import { EMAIL } from '../content/staff-input.js';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { AuthFormPage, type AuthFormView } from '../render/newsroom/auth-pages.js';
import { twoFactorStatus } from '../auth/two-factor.js';
import { findStaffById } from '../store/access/staff-repository.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { sendAfterAnswer } from './mail-after-answer.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';
import { clearSessionCookie, safeRedirectTarget, sessionToken, setSessionCookie } from './staff-session.js';
import { beginSecondStepIfEnabled } from './two-factor-routes.js';

// Sign-in, sign-out, first-run set-up and password reset.

type Deps = NewsroomDeps;
const str = (value: unknown) => (typeof value === 'string' ? value : '');
const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

const form = (deps: Deps, request: FastifyRequest, reply: FastifyReply, view: AuthFormView, status = 200) =>
  sendNewsroomPage(deps, request, reply, AuthFormPage, { view }, status);

/** Where a finished set-up or reset lands when it does not sign the person in. */
const LOGIN_NOTICES: Record<string, string> = {
  'password-saved': 'Your new password is saved. Sign in with it.',
  'account-ready': 'Your account is set up. Sign in with your password and your two-factor code.',
};

const loginView = (redirect: string, error: string | null = null, email = '', message: string | null = null): AuthFormView => ({
  title: 'Sign in to the newsroom',
  action: '/admin/login',
  submit: 'Sign in',
  error,
  message,
  fields: [
    { name: 'email', label: 'Email', type: 'email', autocomplete: 'username', value: email },
    { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' },
    { name: 'redirect', label: '', type: 'hidden', value: redirect },
  ],
  footer: { label: 'Forgot your password?', href: '/admin/reset' },
});

const setupView = (token: string, error: string | null = null, values: { name?: string; email?: string } = {}): AuthFormView => ({
  title: 'Set up the newsroom',
  intro: 'Create the owner account. This link works once.',
  action: '/admin/setup',
  submit: 'Create the owner account',
  error,
  fields: [
    { name: 'token', label: '', type: 'hidden', value: token },
    { name: 'name', label: 'Your name', type: 'text', autocomplete: 'name', value: values.name, maxLength: 120 },
    { name: 'email', label: 'Email', type: 'email', autocomplete: 'username', value: values.email },
    {
      name: 'password',
      label: 'Password',
      type: 'password',
      autocomplete: 'new-password',
      hint: '12 to 128 characters.',
      minLength: 12,
      maxLength: 128,
    },
  ],
});

const spentLink = (what: string): AuthFormView => ({
  title: 'This link does not work',
  intro: `The ${what} link is used up, expired or mistyped. Nothing was changed.`,
  action: '/admin/login',
  submit: 'Go to sign-in',
  fields: [],
});

const requestView = (message: string | null = null): AuthFormView => ({
  title: 'Reset your password',
  intro: 'We will email you a link to choose a new password.',
  action: '/admin/reset',
  submit: 'Email me a link',
  message,
  fields: [{ name: 'email', label: 'Email', type: 'email', autocomplete: 'username' }],
  footer: { label: 'Back to sign-in', href: '/admin/login' },
});

/** An invited person's first visit: they set up their account, they do not reset anything. */
const accountSetupView = (token: string, name: string, error: string | null = null): AuthFormView => ({
  title: 'Set up your account',
  intro: `Welcome, ${name}. Choose a password to finish setting up your newsroom account; you are signed in once it is saved. This link works once.`,
  action: '/admin/reset/confirm',
  submit: 'Set up my account',
  error,
  fields: [
    { name: 'token', label: '', type: 'hidden', value: token },
    {
      name: 'password',
      label: 'Password',
      type: 'password',
      autocomplete: 'new-password',
      hint: '12 to 128 characters.',
      minLength: 12,
      maxLength: 128,
    },
  ],
});

const passwordFormFor = (holder: LinkHolder | null, token: string, error: string | null = null): AuthFormView =>
  holder?.invited ? accountSetupView(token, holder.name, error) : newPasswordView(token, error);

const newPasswordView = (token: string, error: string | null = null): AuthFormView => ({
  title: 'Choose a new password',
  action: '/admin/reset/confirm',
  submit: 'Save the new password',
  error,
  fields: [
    { name: 'token', label: '', type: 'hidden', value: token },
    {
      name: 'password',
      label: 'New password',
      type: 'password',
      autocomplete: 'new-password',
      hint: '12 to 128 characters.',
      minLength: 12,
      maxLength: 128,
    },
  ],
});

async function loginForm(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  if (request.staff) return reply.redirect('/admin', 303);
  const query = request.query as { redirect?: unknown; notice?: unknown };
  return form(deps, request, reply, loginView(safeRedirectTarget(query.redirect), null, '', LOGIN_NOTICES[str(query.notice)] ?? null));
}

const BUSY_RETRY_SECONDS = 5;

async function signIn(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const body = bodyOf(request);
  const email = str(body.email).trim().slice(0, 320);
  const redirect = safeRedirectTarget(body.redirect);
  const result = await attemptLogin(deps.db, { email, password: str(body.password).slice(0, 1024), ip: request.ip, at: new Date() });
  await recordSignInRefusal(deps.db, result, email);
  if (!result.ok) {
    if (result.reason === 'locked') {
      const seconds = Math.max(1, Math.ceil((Date.parse(result.until) - Date.now()) / 1000));
      reply.header('Retry-After', String(seconds));
      return form(
        deps,
        request,
        reply,
        loginView(redirect, `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`, email),
        429,
      );
    }
    if (result.reason === 'busy') {
      // Refused unchecked: other attempts on this account are being checked this instant.
      reply.header('Retry-After', String(BUSY_RETRY_SECONDS));
      return form(deps, request, reply, loginView(redirect, 'Too many sign-in attempts at once. Try again in a few seconds.', email), 429);
    }
    return form(deps, request, reply, loginView(redirect, 'That email and password do not match an account.', email), 401);
  }
  // Two-factor on: a pending second step instead of a session (two-factor-routes.ts).
  if (await beginSecondStepIfEnabled(deps, reply, result.staff.id, redirect)) return reply;
  // A new session on every sign-in: a session id planted before login is worthless.
  const old = sessionToken(request, deps.siteUrl);
  if (old) await endSession(deps.db, old);
  await recordSignIn(deps.db, result.staff);
  setSessionCookie(reply, deps.siteUrl, await startSession(deps.db, result.staff.id, new Date()));
  return reply.redirect(redirect, 303);
}

async function signOut(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const token = sessionToken(request, deps.siteUrl);
  if (token) await endSession(deps.db, token);
  clearSessionCookie(reply, deps.siteUrl);
  return reply.redirect('/admin/login', 303);
}

/** Pages opened from a mailed link carry its token in their URL: no other site may see it. */
const keepTokenPrivate = (reply: FastifyReply) => reply.header('Referrer-Policy', 'no-referrer');

async function setupForm(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  keepTokenPrivate(reply);
  const token = str((request.query as { token?: unknown }).token);
  if (!token || !(await setupTokenValid(deps.db, token, new Date()))) return form(deps, request, reply, spentLink('set-up'), 404);
  return form(deps, request, reply, setupView(token));
}

async function completeSetup(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const body = bodyOf(request);
  const token = str(body.token);
  const values = { name: str(body.name).trim().slice(0, 120), email: str(body.email).trim().toLowerCase().slice(0, 320) };
  const password = str(body.password);
  const problem = !values.name
    ? 'Please give your name.'
    : !EMAIL.test(values.email)
      ? 'Please give a valid email address.'
      : passwordProblem(password);
  if (problem) return form(deps, request, reply, setupView(token, problem, values), 400);
  const ownerId = await completeOwnerSetup(deps.db, token, { ...values, password }, new Date());
  if (ownerId === null) return form(deps, request, reply, spentLink('set-up'), 404);
  setSessionCookie(reply, deps.siteUrl, await startSession(deps.db, ownerId, new Date()));
  return reply.redirect('/admin', 303);
}

/** Without a token, the form that asks for a link; with one, the new-password form. */
async function resetForm(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  keepTokenPrivate(reply);
  const token = str((request.query as { token?: unknown }).token);
  if (!token) return form(deps, request, reply, requestView());
  const holder = await resetLinkHolder(deps.db, token, new Date());
  if (!holder) return form(deps, request, reply, spentLink('reset'), 404);
  return form(deps, request, reply, passwordFormFor(holder, token));
}

async function requestReset(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const email = str(bodyOf(request).email).trim().slice(0, 320);
  if (EMAIL.test(email)) {
    // Recorded for every address, known or not: the same write either way, so no timing tell.
    await recordAudit(deps.db, { action: 'password-reset.requested', target: { kind: 'staff', id: null, label: email.toLowerCase() } });
    const settings = await loadPublicationSettings(deps.db);
    const mail = await preparePasswordReset(deps.db, {
      email,
      siteUrl: deps.siteUrl,
      publicationName: settings.name,
      at: new Date(),
    }).catch((error: unknown) => {
      request.log.error({ err: error }, 'password reset request failed');
      return null;
    });
    if (mail) sendAfterAnswer(deps, request, reply, mail);
  }
  // The same answer for every address, known or not.
  return form(
    deps,
    request,
    reply,
    requestView('If that address belongs to a newsroom account, a link is on its way. It works for one hour.'),
  );
}

async function confirmReset(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const body = bodyOf(request);
  const token = str(body.token);
  const password = str(body.password);
  const problem = passwordProblem(password);
  if (problem) return form(deps, request, reply, passwordFormFor(await resetLinkHolder(deps.db, token, new Date()), token, problem), 400);
  const holder = await completePasswordReset(deps.db, token, password, new Date());
  if (!holder) return form(deps, request, reply, spentLink('reset'), 404);
  if (holder.invited) return signInAfterSetup(deps, request, reply, holder.staffId);
  clearSessionCookie(reply, deps.siteUrl);
  return reply.redirect('/admin/login?notice=password-saved', 303);
}

/**
 * An invited person who has just chosen their password is signed in, as a sign-in would:
 * a new session and its audit entry. With two-factor on (an account reset by an admin can
 * still have it) the sign-in page asks for both instead.
 */
async function signInAfterSetup(deps: Deps, request: FastifyRequest, reply: FastifyReply, staffId: number) {
  const old = sessionToken(request, deps.siteUrl);
  if (old) await endSession(deps.db, old);
  const staff = await findStaffById(deps.db, staffId);
  const signedIn = staff && !staff.disabled_at && !(await twoFactorStatus(deps.db, staffId)).enabled;
  if (!signedIn) {
    clearSessionCookie(reply, deps.siteUrl);
    return reply.redirect(`/admin/login?notice=${staff?.disabled_at ? 'password-saved' : 'account-ready'}`, 303);
  }
  await recordSignIn(deps.db, staff);
  setSessionCookie(reply, deps.siteUrl, await startSession(deps.db, staff.id, new Date()));
  return reply.redirect('/admin', 303);
}

const AUTH_ROUTES: RouteTable<Deps> = [
  { method: 'GET', url: '/admin/login', handler: loginForm },
  { method: 'POST', url: '/admin/login', handler: signIn },
  { method: 'POST', url: '/admin/logout', handler: signOut },
  { method: 'GET', url: '/admin/setup', handler: setupForm },
  { method: 'POST', url: '/admin/setup', handler: completeSetup },
  { method: 'GET', url: '/admin/reset', handler: resetForm },
  { method: 'POST', url: '/admin/reset', handler: requestReset },
  { method: 'POST', url: '/admin/reset/confirm', handler: confirmReset },
];

export function registerAuthRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, AUTH_ROUTES);
}
