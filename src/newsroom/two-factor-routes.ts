import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyPassword } from '../auth/passwords.js';
import { endSession, startSession } from '../auth/sessions.js';
import {
  confirmEnrolment,
  pendingEnrolment,
  regenerateRecoveryCodes,
  removeTwoFactor,
  setTwoFactorRequirement,
  twoFactorRequiredFor,
  twoFactorStatus,
  verifySecondFactor,
  type TwoFactorRequirement,
} from '../auth/two-factor.js';
import {
  challengeValid,
  CHALLENGE_TTL_MS,
  completeSecondStep,
  guardedSecondFactorCheck,
  startChallenge,
} from '../auth/two-factor-challenge.js';
import { can } from '../content/policy.js';
import { ROLE_LABELS } from '../content/roles.js';
import { manageProblem } from '../content/staff-input.js';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { AuthFormPage, type AuthFormView } from '../render/newsroom/auth-pages.js';
import { TwoFactorPage, type TwoFactorView } from '../render/newsroom/two-factor-page.js';
import { findStaffById } from '../store/access/staff-repository.js';
import { listStaffTwoFactor, loadTwoFactorGate, loadTwoFactorRequirement } from '../store/access/two-factor-repository.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { bodyOf, idParam, noticeOf } from './manage-form.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';
import {
  clearTwoFactorCookie,
  safeRedirectTarget,
  sessionToken,
  setSessionCookie,
  setTwoFactorCookie,
  twoFactorToken,
} from './staff-session.js';

// Two-factor sign-in in the newsroom (docs/two-factor.md): the second step of signing in,
// the sign-in security page (enrol, recovery codes, turn off, the owner's requirement, an
// administrator's reset), and the gate that keeps a person the owner requires to use it
// on that page until they have turned it on.

type Deps = NewsroomDeps;
const PAGE = '/admin/account/two-factor';
export const SECOND_STEP_PATH = '/admin/login/two-factor';
const str = (value: unknown) => (typeof value === 'string' ? value : '');

const REQUIREMENT_OPTIONS: Array<{ value: TwoFactorRequirement; label: string }> = [
  { value: 'none', label: 'Nobody: each person chooses' },
  { value: 'admins', label: 'Administrators and the owner' },
  { value: 'staff', label: 'Every staff member' },
];

const NOTICES = {
  enabled: 'Two-factor sign-in is on.',
  disabled: 'Two-factor sign-in is off.',
  requirement: 'The requirement is saved.',
  reset: "The person's two-factor sign-in is reset: they sign in with their password alone until they turn it on again.",
};

// ---- The second step of signing in ----

const secondStepView = (redirect: string, error: string | null = null): AuthFormView => ({
  title: 'Two-factor sign-in',
  intro: 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
  action: SECOND_STEP_PATH,
  submit: 'Sign in',
  error,
  fields: [
    { name: 'code', label: 'Code', type: 'text', autocomplete: 'one-time-code', maxLength: 24 },
    { name: 'redirect', label: '', type: 'hidden', value: redirect },
  ],
  footer: { label: 'Start again', href: '/admin/login' },
});

/**
 * Called by sign-in right after a correct password: a person with two-factor on gets the
 * pending second step instead of a session. True when it took over the reply.
 */
export async function beginSecondStepIfEnabled(deps: Deps, reply: FastifyReply, staffId: number, redirect: string): Promise<boolean> {
  if (!(await twoFactorStatus(deps.db, staffId)).enabled) return false;
  const token = await startChallenge(deps.db, staffId, new Date());
  setTwoFactorCookie(reply, deps.siteUrl, token, CHALLENGE_TTL_MS / 1000);
  // Not awaited: an awaited reply is thenable; the caller returns the reply itself.
  reply.redirect(`${SECOND_STEP_PATH}?redirect=${encodeURIComponent(redirect)}`, 303);
  return true;
}

const expiredStep = (deps: Deps, request: FastifyRequest, reply: FastifyReply) => {
  clearTwoFactorCookie(reply, deps.siteUrl);
  return sendNewsroomPage(
    deps,
    request,
    reply,
    AuthFormPage,
    {
      view: {
        title: 'Sign in again',
        intro: 'The sign-in step expired or was already used. Nothing was changed.',
        action: '/admin/login',
        submit: 'Go to sign-in',
        fields: [],
      },
    },
    401,
  );
};

async function secondStepForm(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  if (request.staff) return reply.redirect('/admin', 303);
  const token = twoFactorToken(request, deps.siteUrl);
  if (!token || !(await challengeValid(deps.db, token, new Date()))) return expiredStep(deps, request, reply);
  const redirect = safeRedirectTarget((request.query as { redirect?: unknown }).redirect);
  return sendNewsroomPage(deps, request, reply, AuthFormPage, { view: secondStepView(redirect) });
}

async function completeSignIn(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const body = bodyOf(request);
  const redirect = safeRedirectTarget(body.redirect);
  const token = twoFactorToken(request, deps.siteUrl);
  if (!token) return expiredStep(deps, request, reply);
  const result = await completeSecondStep(deps.db, deps.secretKey, { token, code: str(body.code), at: new Date() });
  if (!result.ok) {
    if (result.reason === 'expired') return expiredStep(deps, request, reply);
    if (result.reason === 'locked') {
      clearTwoFactorCookie(reply, deps.siteUrl);
      const seconds = Math.max(1, Math.ceil((Date.parse(result.until) - Date.now()) / 1000));
      reply.header('Retry-After', String(seconds));
      const view = secondStepView(redirect, `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`);
      return sendNewsroomPage(
        deps,
        request,
        reply,
        AuthFormPage,
        { view: { ...view, fields: [], action: '/admin/login', submit: 'Go to sign-in' } },
        429,
      );
    }
    if (result.reason === 'busy') {
      // Refused unchecked: other attempts on this account are being checked this instant.
      reply.header('Retry-After', '5');
      const view = secondStepView(redirect, 'Too many attempts at once. Try again in a few seconds.');
      return sendNewsroomPage(deps, request, reply, AuthFormPage, { view }, 429);
    }
    return sendNewsroomPage(
      deps,
      request,
      reply,
      AuthFormPage,
      { view: secondStepView(redirect, 'That code is not valid. Try the next one.') },
      401,
    );
  }
  clearTwoFactorCookie(reply, deps.siteUrl);
  // A new session on every sign-in, as after a password alone.
  const old = sessionToken(request, deps.siteUrl);
  if (old) await endSession(deps.db, old);
  setSessionCookie(reply, deps.siteUrl, await startSession(deps.db, result.staffId, new Date()));
  if (result.via === 'recovery-code') request.log.info({ staffId: result.staffId }, 'signed in with a recovery code');
  return reply.redirect(redirect, 303);
}

// ---- The sign-in security page ----

async function pageView(deps: Deps, request: FastifyRequest, extra: Partial<TwoFactorView> = {}): Promise<TwoFactorView> {
  const staff = request.staff!;
  const actor = actorOf(staff);
  const [status, requirement] = await Promise.all([twoFactorStatus(deps.db, staff.id), loadTwoFactorRequirement(deps.db)]);
  const issuer = (await loadPublicationSettings(deps.db)).name;
  const enrolment = status.enabled ? null : await pendingEnrolment(deps.db, deps.secretKey, staff, issuer, new Date());
  const staffRows = can(actor, 'staff.manage')
    ? (await listStaffTwoFactor(deps.db))
        .filter((row) => !row.disabled_at)
        .map((row) => ({
          id: row.id,
          name: row.name,
          email: row.email,
          roleLabel: ROLE_LABELS[row.role],
          enabled: row.enabled,
          resettable: row.id !== staff.id && manageProblem(actor, { id: row.id, role: row.role }) === null,
        }))
    : null;
  return {
    enabled: status.enabled,
    recoveryCodesLeft: status.recoveryCodesLeft,
    enrolment,
    required: twoFactorRequiredFor(requirement, staff.role),
    recoveryCodes: null,
    error: null,
    notice: noticeOf(request, NOTICES),
    requirement: staff.role === 'owner' ? { value: requirement, options: REQUIREMENT_OPTIONS } : null,
    staff: staffRows,
    ...extra,
  };
}

const sendPage = async (deps: Deps, request: FastifyRequest, reply: FastifyReply, extra: Partial<TwoFactorView> = {}, status = 200) =>
  sendNewsroomPage(deps, request, reply, TwoFactorPage, { view: await pageView(deps, request, extra) }, status);

async function showPage(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  return sendPage(deps, request, reply);
}

async function confirm(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const staff = request.staff!;
  const codes = await confirmEnrolment(deps.db, deps.secretKey, staff, str(bodyOf(request).code), new Date());
  if (!codes) {
    return sendPage(deps, request, reply, { error: 'That code did not match. Check the key in your app and enter the current code.' }, 400);
  }
  request.log.info({ staffId: staff.id }, 'two-factor turned on');
  // Shown in this answer only: no redirect, so the codes never sit in a URL or a later page.
  return sendPage(deps, request, reply, { notice: NOTICES.enabled, recoveryCodes: codes });
}

/**
 * A signed-in person proves the second factor again (turning off, new codes), under the
 * account's lockout. Answers the refusal to show, or null when the checks passed. (A plain
 * value, never the reply: an awaited reply is thenable.)
 */
async function secondFactorRefusal(deps: Deps, staff: { id: number; email: string }, checks: () => Promise<boolean>) {
  const result = await guardedSecondFactorCheck(deps.db, staff, new Date(), checks);
  if (result.ok) return null;
  if (result.reason === 'invalid') return { error: 'That did not match. Nothing was changed.', status: 400 };
  return { error: 'Too many failed attempts. Try again later. Nothing was changed.', status: 429 };
}

async function disable(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const staff = request.staff!;
  if (twoFactorRequiredFor(await loadTwoFactorRequirement(deps.db), staff.role)) {
    return sendPage(deps, request, reply, { error: 'This newsroom requires two-factor sign-in for your role. Nothing was changed.' }, 403);
  }
  const body = bodyOf(request);
  const refused = await secondFactorRefusal(deps, staff, async () => {
    const person = await findStaffById(deps.db, staff.id);
    const passwordOk = person ? await verifyPassword(str(body.password).slice(0, 1024), person.password_hash) : false;
    // The code is checked only after the password, so a wrong password never spends a code.
    return passwordOk && (await verifySecondFactor(deps.db, deps.secretKey, staff.id, str(body.code), new Date())) !== null;
  });
  if (refused) return sendPage(deps, request, reply, { error: refused.error }, refused.status);
  await removeTwoFactor(deps.db, staff, 'disabled');
  request.log.info({ staffId: staff.id }, 'two-factor turned off');
  return reply.redirect(`${PAGE}?notice=disabled`, 303);
}

async function newRecoveryCodes(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const staff = request.staff!;
  const code = str(bodyOf(request).code);
  const refused = await secondFactorRefusal(
    deps,
    staff,
    async () => (await verifySecondFactor(deps.db, deps.secretKey, staff.id, code, new Date())) === 'totp',
  );
  if (refused) return sendPage(deps, request, reply, { error: refused.error }, refused.status);
  const codes = await regenerateRecoveryCodes(deps.db, staff.id, new Date());
  return sendPage(deps, request, reply, { recoveryCodes: codes });
}

async function saveRequirement(deps: Deps, request: FastifyRequest, reply: FastifyReply, app: FastifyInstance) {
  const staff = request.staff!;
  if (staff.role !== 'owner')
    return app.sendErrorPage(reply.code(403), 403, 'Not allowed', 'Only the owner sets this. Nothing was changed.');
  const value = str(bodyOf(request).requirement);
  const option = REQUIREMENT_OPTIONS.find((o) => o.value === value);
  if (!option) return sendPage(deps, request, reply, { error: 'Choose who must use two-factor sign-in. Nothing was changed.' }, 400);
  await setTwoFactorRequirement(deps.db, option.value);
  request.log.info({ by: staff.id, requirement: option.value }, 'two-factor requirement changed');
  return reply.redirect(`${PAGE}?notice=requirement`, 303);
}

async function resetPerson(deps: Deps, request: FastifyRequest, reply: FastifyReply, app: FastifyInstance) {
  const staff = request.staff!;
  const actor = actorOf(staff);
  if (!can(actor, 'staff.manage'))
    return app.sendErrorPage(reply.code(403), 403, 'Not allowed', 'Your role cannot manage staff accounts. Nothing was changed.');
  const id = idParam(request);
  const person = id === null ? undefined : await findStaffById(deps.db, id);
  if (!person) return app.sendErrorPage(reply.code(404), 404, 'Staff member not found', 'There is no such staff member.');
  const problem =
    person.id === staff.id
      ? 'Turn your own two-factor off on this page, with your password and a code.'
      : manageProblem(actor, { id: person.id, role: person.role });
  if (problem) return app.sendErrorPage(reply.code(403), 403, 'Not allowed', `${problem} Nothing was changed.`);
  await removeTwoFactor(deps.db, person, 'reset');
  request.log.info({ staffId: person.id, by: staff.id }, 'two-factor reset by an administrator');
  return reply.redirect(`${PAGE}?notice=reset`, 303);
}

// ---- The gate ----

const GATE_OPEN = new Set([PAGE, `${PAGE}/confirm`, '/admin/logout']);

/**
 * A person the owner requires to use two-factor, who has not turned it on, reaches only
 * the enrolment page (and sign-out) until they have: pages redirect there, forms are refused.
 */
async function enrolmentGate(deps: Deps, app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const staff = request.staff;
  if (!staff || reply.sent) return;
  const path = request.url.split('?')[0] ?? '';
  if (GATE_OPEN.has(path)) return;
  const gate = await loadTwoFactorGate(deps.db, staff.id);
  if (gate.enabled || !twoFactorRequiredFor(gate.requirement, staff.role)) return;
  if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect(PAGE, 303);
  return app.sendErrorPage(reply.code(403), 403, 'Two-factor sign-in required', 'Turn on two-factor sign-in first. Nothing was changed.');
}

export function registerTwoFactorRoutes(app: FastifyInstance, deps: Deps): void {
  app.addHook('preHandler', (request, reply) => enrolmentGate(deps, app, request, reply));
  const routes: RouteTable<Deps> = [
    { method: 'GET', url: SECOND_STEP_PATH, handler: secondStepForm },
    { method: 'POST', url: SECOND_STEP_PATH, handler: completeSignIn },
    { method: 'GET', url: PAGE, handler: showPage },
    { method: 'POST', url: `${PAGE}/confirm`, handler: confirm },
    { method: 'POST', url: `${PAGE}/disable`, handler: disable },
    { method: 'POST', url: `${PAGE}/recovery-codes`, handler: newRecoveryCodes },
    { method: 'POST', url: `${PAGE}/requirement`, handler: (d, q, r) => saveRequirement(d, q, r, app) },
    { method: 'POST', url: '/admin/staff/:id/two-factor/reset', handler: (d, q, r) => resetPerson(d, q, r, app) },
  ];
  registerRoutes(app, deps, routes);
}
