import { ActionForm, SelectField, TextField } from './manage-fields.js';
import type { FieldError, NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';

// Staff accounts (administrators and the owner). A new account gets no password from the
// administrator: the person is mailed a one-time link to set up their account, which is
// also shown here once, with a copy button, in case the mail does not reach them.

export interface IssuedLink {
  name: string;
  url: string;
  validHours: number;
  /** The address the link was mailed to; null when it is only shown here. */
  mailedTo: string | null;
}

export type StaffStatus = 'invited' | 'active' | 'disabled';
const STATUS_LABELS: Record<StaffStatus, string> = { invited: 'Invited', active: 'Active', disabled: 'Disabled' };

function LinkPanel({ link }: { link: IssuedLink }) {
  return (
    <div class="notice notice-ok issued-link" role="status">
      {link.mailedTo ? (
        <p>
          An invitation with this link is on its way to {link.mailedTo}. If it does not arrive, copy the link and give it to {link.name}{' '}
          another way (for example by a private message). It works once, for {link.validHours} hours, and is shown only now.
        </p>
      ) : (
        <p>
          Copy this link and give it to {link.name} (for example in person or by a private message). It lets them choose a new password,
          works once, for {link.validHours} hours, and is shown only now.
        </p>
      )}
      <p class="issued-link-row">
        <label for="issued-link">{link.mailedTo ? `Set-up link for ${link.name}` : `Password link for ${link.name}`}</label>
        <input id="issued-link" type="text" readOnly value={link.url} size={60} />
        <button type="button" data-copy="issued-link" hidden>
          Copy the link
        </button>
        <span id="issued-link-copied" class="issued-link-copied" aria-live="polite"></span>
      </p>
    </div>
  );
}

export interface StaffRow {
  id: number;
  name: string;
  email: string;
  roleLabel: string;
  author: string | null;
  status: StaffStatus;
}

export interface StaffView {
  rows: StaffRow[];
  roles: Option[];
  values: { name: string; email: string; role: string; byline: boolean };
  errors: FieldError[];
  notice: string | null;
  issued: IssuedLink | null;
}

export function StaffPage({ ctx, view }: { ctx: NewsroomContext; view: StaffView }) {
  return (
    <NewsroomShell ctx={ctx} title="Staff">
      <h1>Staff</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      {view.issued && <LinkPanel link={view.issued} />}
      <ErrorSummary errors={view.errors} />
      <table class="manage-table">
        <caption class="visually-hidden">Staff accounts by name</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Author profile</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr>
              <th scope="row">
                <a href={`/admin/staff/${row.id}`}>{row.name}</a>
              </th>
              <td>{row.email}</td>
              <td>{row.roleLabel}</td>
              <td>{row.author ?? '—'}</td>
              <td>{STATUS_LABELS[row.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="new-staff">New staff account</h2>
      <p id="new-staff-help">
        The new person is emailed an invitation with a one-time link to set up their account and choose their own password. You see the link
        once too, to pass on if the mail goes astray; you never see their password.
      </p>
      <form method="post" action="/admin/staff" class="stack" aria-labelledby="new-staff" aria-describedby="new-staff-help">
        <CsrfField token={ctx.csrf} />
        <TextField
          form="new"
          name="name"
          label="Name"
          value={view.values.name}
          required
          maxLength={120}
          errors={view.errors}
          autocomplete="off"
        />
        <TextField
          form="new"
          name="email"
          type="email"
          label="Email"
          value={view.values.email}
          required
          maxLength={320}
          errors={view.errors}
        />
        <SelectField form="new" name="role" label="Role" value={view.values.role} options={view.roles} errors={view.errors} />
        <p class="field field-check">
          <input
            id="new-byline"
            type="checkbox"
            name="byline"
            value="yes"
            checked={view.values.byline}
            aria-describedby="new-byline-hint"
          />
          <label for="new-byline">Create an author profile for their byline</label>
          <span class="hint" id="new-byline-hint">
            Named after the person and linked to the account, so their new stories carry it. Untick to link an existing profile later.
          </span>
        </p>
        <p>
          <button type="submit" class="button-primary">
            Create the account
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}

export interface StaffEditView {
  person: { id: number; name: string; email: string; roleLabel: string; createdAt: string; status: StaffStatus; self: boolean };
  /** Null when the signed-in person may not change this account, with the reason. */
  manage: { roles: Option[]; authors: Option[]; values: { role: string; author: string } } | null;
  refusal: string | null;
  errors: FieldError[];
  notice: string | null;
  issued: IssuedLink | null;
}

export function StaffEditPage({ ctx, view }: { ctx: NewsroomContext; view: StaffEditView }) {
  const { person } = view;
  return (
    <NewsroomShell ctx={ctx} title={`Staff: ${person.name}`}>
      <p>
        <a href="/admin/staff">All staff</a>
      </p>
      <h1>{person.name}</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      {view.issued && <LinkPanel link={view.issued} />}
      <ErrorSummary errors={view.errors} />
      <dl class="facts">
        <dt>Email</dt>
        <dd>{person.email}</dd>
        <dt>Role</dt>
        <dd>{person.roleLabel}</dd>
        <dt>Status</dt>
        <dd>
          {person.status === 'disabled'
            ? 'Disabled: cannot sign in'
            : person.status === 'invited'
              ? 'Invited: has not set up the account yet'
              : 'Active'}
        </dd>
        <dt>Account created</dt>
        <dd>{formatNewsroomTime(person.createdAt, ctx)}</dd>
      </dl>
      {view.refusal && <p>{view.refusal}</p>}
      {view.manage && (
        <>
          <h2 id="role-profile">Role and byline</h2>
          <p id="role-help">Changing the role signs the person out everywhere, so the new rights apply at once.</p>
          <form
            method="post"
            action={`/admin/staff/${person.id}`}
            class="stack"
            aria-labelledby="role-profile"
            aria-describedby="role-help"
          >
            <CsrfField token={ctx.csrf} />
            <SelectField
              form="edit"
              name="role"
              label="Role"
              value={view.manage.values.role}
              options={view.manage.roles}
              errors={view.errors}
            />
            <SelectField
              form="edit"
              name="author"
              label="Author profile"
              value={view.manage.values.author}
              options={view.manage.authors}
              empty="None"
              errors={view.errors}
              hint="The byline this person's new stories carry."
            />
            <p>
              <button type="submit" class="button-primary">
                Save
              </button>
            </p>
          </form>
          {!person.self && (
            <>
              <h2>Access</h2>
              {person.status === 'disabled' ? (
                <ActionForm action={`/admin/staff/${person.id}/enable`} csrf={ctx.csrf}>
                  Enable the account
                </ActionForm>
              ) : (
                <>
                  <p>Disabling signs the person out everywhere and stops them signing in; their stories stay.</p>
                  <ActionForm action={`/admin/staff/${person.id}/disable`} csrf={ctx.csrf} danger>
                    Disable the account
                  </ActionForm>
                </>
              )}
              {person.status !== 'disabled' && (
                <>
                  {person.status === 'invited' ? (
                    <p>A new invitation is mailed with a new set-up link; the earlier link stops working.</p>
                  ) : (
                    <p>A new one-time link lets the person choose a new password (for example when they have lost it).</p>
                  )}
                  <ActionForm action={`/admin/staff/${person.id}/link`} csrf={ctx.csrf}>
                    {person.status === 'invited' ? 'Send the invitation again' : 'Make a new password link'}
                  </ActionForm>
                </>
              )}
            </>
          )}
        </>
      )}
    </NewsroomShell>
  );
}
