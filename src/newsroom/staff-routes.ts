import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record-audit.js';
import { createStaffAccount } from '../auth/staff-accounts.js';
import { invitationMail } from '../auth/staff-invitation.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { canAssignRole, type Actor } from '../content/policy.js';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../content/roles.js';
import { disableProblem, manageProblem, roleChangeProblem, StaffCreateSchema, StaffUpdateSchema } from '../content/staff-input.js';
import { formFields } from '../content/taxonomy-input.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { StaffEditPage, StaffPage, type StaffStatus, type StaffView } from '../render/newsroom/staff-page.js';
import { deleteSessionsOf, findStaffById, listStaff, updateStaff, type StaffRecord } from '../store/access/staff-repository.js';
import type { Db } from '../store/store.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { authorOptions } from '../store/taxonomy/taxonomy-repository.js';
import { insertToken, revokeTokens } from '../store/access/token-repository.js';
import { sendAfterAnswer } from './mail-after-answer.js';
import { bodyOf, fieldErrors, idParam, noticeOf, notFound, refusal } from './manage-form.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// Staff accounts (admins and the owner): invite with a one-time set-up link instead of a
// password (mailed, and shown once), with a new author profile as their byline unless the
// box is unticked; change role (which signs the person out everywhere), link a byline,
// disable and enable. Who may change whom is decided in content/staff-input.ts.

const LINK_VALID_HOURS = 72;
const NOTICES = {
  saved: 'Saved. The person was signed out everywhere if their role changed.',
  disabled: 'The account is disabled and signed out everywhere.',
  enabled: 'The account is enabled again.',
};

const target = (person: StaffRecord) => ({ id: person.id, role: person.role });
const staffTarget = (person: StaffRecord) => ({ kind: 'staff' as const, id: person.id, label: person.email });

/** A one-time password link for a person; earlier live links for them are withdrawn. */
async function issueLink(db: Db, siteUrl: string, staffId: number, at: Date): Promise<string> {
  const token = newToken();
  const now = at.toISOString();
  await db.transaction().execute(async (trx) => {
    await revokeTokens(trx, 'password-reset', staffId, now);
    await insertToken(trx, {
      hash: hashToken(token),
      purpose: 'password-reset',
      subjectId: staffId,
      now,
      expiresAt: new Date(at.getTime() + LINK_VALID_HOURS * 3_600_000).toISOString(),
    });
  });
  return `${siteUrl}/admin/reset?token=${token}`;
}

function assignableRoles(actor: Actor, current: StaffRole | null, locked: boolean) {
  const roles = locked && current ? [current] : STAFF_ROLES.filter((r) => r === current || (r !== 'owner' && canAssignRole(actor, r)));
  return roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
}

/** "Invited" until the person has chosen a password with their set-up link. */
function statusOf(person: Pick<StaffRecord, 'disabled_at' | 'password_set_at'>): StaffStatus {
  if (person.disabled_at) return 'disabled';
  return person.password_set_at === null ? 'invited' : 'active';
}

export function registerStaffRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  /** The invitation goes out once the page is answered; a failure is listed under "Mail problems". */
  const mailInvitation = async (request: FastifyRequest, reply: FastifyReply, person: { email: string; name: string }, link: string) => {
    const settings = await loadPublicationSettings(deps.db);
    const mail = invitationMail({
      to: person.email,
      name: person.name,
      invitedBy: request.staff!.name,
      publicationName: settings.name,
      link,
      validHours: LINK_VALID_HOURS,
    });
    sendAfterAnswer(deps, request, reply, mail);
  };

  const guard = (request: FastifyRequest, reply: FastifyReply) => refusal(app, request, reply, 'staff.manage', 'manage staff accounts');
  const forbidden = (reply: FastifyReply, message: string) =>
    app.sendErrorPage(reply.code(403), 403, 'Not allowed', `${message} Nothing was changed.`);

  const staffPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: {
      values?: StaffView['values'];
      errors?: FieldError[];
      issued?: StaffView['issued'];
    },
    status = 200,
  ) => {
    const actor = actorOf(request.staff!);
    const rows = await listStaff(deps.db);
    const errors = form.errors ?? [];
    return sendNewsroomPage(
      deps,
      request,
      reply,
      StaffPage,
      {
        view: {
          rows: rows.map((r) => ({
            id: r.id,
            name: r.name,
            email: r.email,
            roleLabel: ROLE_LABELS[r.role],
            author: r.author_name,
            status: statusOf(r),
          })),
          roles: assignableRoles(actor, null, false),
          values: form.values ?? { name: '', email: '', role: 'contributor', byline: true },
          errors,
          issued: form.issued ?? null,
          notice: errors.length || form.issued ? null : noticeOf(request, NOTICES),
        },
      },
      status,
    );
  };

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: {
      values?: { role: string; author: string };
      errors?: FieldError[];
      issued?: StaffView['issued'];
    },
    status = 200,
  ) => {
    const actor = actorOf(request.staff!);
    const [person, authors] = await Promise.all([findStaffById(deps.db, id), authorOptions(deps.db)]);
    if (!person) return notFound(app, reply, 'Staff account');
    const problem = manageProblem(actor, target(person));
    const self = person.id === actor.id;
    const errors = form.errors ?? [];
    return sendNewsroomPage(
      deps,
      request,
      reply,
      StaffEditPage,
      {
        view: {
          person: {
            id: person.id,
            name: person.name,
            email: person.email,
            roleLabel: ROLE_LABELS[person.role],
            createdAt: person.created_at,
            status: statusOf(person),
            self,
          },
          manage: problem
            ? null
            : {
                roles: assignableRoles(actor, person.role, self || person.role === 'owner'),
                authors: authors.map((a) => ({ value: a.slug, label: a.name })),
                values: form.values ?? { role: person.role, author: authors.find((a) => a.id === person.author_id)?.slug ?? '' },
              },
          refusal: problem,
          errors,
          issued: form.issued ?? null,
          notice: errors.length || form.issued ? null : noticeOf(request, NOTICES),
        },
      },
      status,
    );
  };

  app.get('/admin/staff', async (request, reply) => guard(request, reply) ?? staffPage(request, reply, {}));

  app.post('/admin/staff', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const actor = actorOf(request.staff!);
    const body = bodyOf(request);
    const fields = formFields(body, ['name', 'email', 'role'] as const);
    // A checkbox sends nothing when unticked; the form ticks it by default.
    const values = { ...fields, byline: body.byline === 'yes' };
    const parsed = StaffCreateSchema.safeParse(fields);
    if (!parsed.success) return staffPage(request, reply, { values, errors: fieldErrors(parsed.error) }, 400);
    const at = new Date();
    // A password nobody knows, hashed like any other, until the person chooses theirs.
    const start = { password: newToken(), invited: true, byline: values.byline };
    const created = await createStaffAccount(deps.db, actor, { ...parsed.data, ...start }, at);
    if (!created.ok) return staffPage(request, reply, { values, errors: [{ field: created.field, message: created.message }] }, 400);
    const id = created.id;
    const url = await issueLink(deps.db, deps.siteUrl, id, at);
    request.log.info({ staffId: id, by: actor.id }, 'staff account created');
    await mailInvitation(request, reply, { email: parsed.data.email, name: parsed.data.name }, url);
    return staffPage(
      request,
      reply,
      { issued: { name: parsed.data.name, url, validHours: LINK_VALID_HOURS, mailedTo: parsed.data.email } },
      201,
    );
  });

  app.get('/admin/staff/:id', async (request, reply) => {
    const id = idParam(request);
    return guard(request, reply) ?? (id === null ? notFound(app, reply, 'Staff account') : editPage(request, reply, id, {}));
  });

  /**
   * The person behind :id, once the actor may manage them; null once a refusal is sent.
   * Never the reply itself: an async function returning a reply (a thenable) would
   * resolve to what the reply's `then` gives, not to the reply.
   */
  async function managed(request: FastifyRequest, reply: FastifyReply): Promise<StaffRecord | null> {
    const no = guard(request, reply);
    if (no) return refused(no);
    const id = idParam(request);
    const person = id === null ? undefined : await findStaffById(deps.db, id);
    if (!person) return refused(notFound(app, reply, 'Staff account'));
    const problem = manageProblem(actorOf(request.staff!), target(person));
    return problem ? refused(forbidden(reply, problem)) : person;
  }
  const refused = async (sending: Promise<FastifyReply>): Promise<null> => {
    await sending;
    return null;
  };

  app.post('/admin/staff/:id', async (request, reply) => {
    const person = await managed(request, reply);
    if (!person) return reply;
    const actor = actorOf(request.staff!);
    const values = formFields(bodyOf(request), ['role', 'author'] as const);
    const parsed = StaffUpdateSchema.safeParse(values);
    if (!parsed.success) return editPage(request, reply, person.id, { values, errors: fieldErrors(parsed.error) }, 400);
    const roleProblem = roleChangeProblem(actor, target(person), parsed.data.role);
    if (roleProblem) return forbidden(reply, roleProblem);
    const authors = await authorOptions(deps.db);
    const author = parsed.data.author ? authors.find((a) => a.slug === parsed.data.author) : null;
    if (author === undefined)
      return editPage(
        request,
        reply,
        person.id,
        { values, errors: [{ field: 'author', message: 'is not an existing author profile' }] },
        400,
      );
    const roleChanged = parsed.data.role !== person.role;
    await deps.db.transaction().execute(async (trx) => {
      await updateStaff(trx, person.id, { role: parsed.data.role, author_id: author?.id ?? null });
      // New rights apply at once: every session made under the old role ends.
      if (roleChanged) await deleteSessionsOf(trx, person.id);
      if (roleChanged)
        await recordAudit(trx, {
          action: 'staff.role-changed',
          target: staffTarget(person),
          detail: { from: person.role, to: parsed.data.role },
        });
    });
    if (roleChanged) request.log.info({ staffId: person.id, by: actor.id, from: person.role, to: parsed.data.role }, 'staff role changed');
    return reply.redirect(`/admin/staff/${person.id}?notice=saved`, 303);
  });

  const setDisabled = (disable: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const person = await managed(request, reply);
    if (!person) return reply;
    const actor = actorOf(request.staff!);
    const problem = disableProblem(actor, target(person));
    if (problem) return forbidden(reply, problem);
    await deps.db.transaction().execute(async (trx) => {
      await updateStaff(trx, person.id, { disabled_at: disable ? (person.disabled_at ?? new Date().toISOString()) : null });
      if (disable) await deleteSessionsOf(trx, person.id);
      await recordAudit(trx, { action: disable ? 'staff.disabled' : 'staff.enabled', target: staffTarget(person) });
    });
    request.log.info({ staffId: person.id, by: actor.id }, disable ? 'staff account disabled' : 'staff account enabled');
    return reply.redirect(`/admin/staff/${person.id}?notice=${disable ? 'disabled' : 'enabled'}`, 303);
  };
  app.post('/admin/staff/:id/disable', setDisabled(true));
  app.post('/admin/staff/:id/enable', setDisabled(false));

  app.post('/admin/staff/:id/link', async (request, reply) => {
    const person = await managed(request, reply);
    if (!person) return reply;
    if (person.id === request.staff!.id)
      return forbidden(reply, 'Change your own password with “Forgot your password?” on the sign-in page.');
    if (person.disabled_at)
      return editPage(request, reply, person.id, { errors: [{ field: 'account', message: 'is disabled; enable it first' }] }, 400);
    const url = await issueLink(deps.db, deps.siteUrl, person.id, new Date());
    await recordAudit(deps.db, { action: 'password-reset.requested', target: staffTarget(person), detail: { link: 'issued by staff' } });
    // Someone still invited gets the invitation again; a set-up account's link is handed over in person.
    const invited = person.password_set_at === null;
    if (invited) await mailInvitation(request, reply, person, url);
    return editPage(request, reply, person.id, {
      issued: { name: person.name, url, validHours: LINK_VALID_HOURS, mailedTo: invited ? person.email : null },
    });
  });
}
