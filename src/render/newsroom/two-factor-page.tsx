import type { NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField, NewsroomShell, Notice } from './newsroom-shell.js';

// The sign-in security page: a person's own two-factor (enrolment with a QR code and the
// key to type by hand, the recovery codes shown once, turning it off), the owner's
// requirement, and for those who manage staff, who has it on and a reset.

export interface TwoFactorStaffRow {
  id: number;
  name: string;
  email: string;
  roleLabel: string;
  enabled: boolean;
  /** Whether the signed-in person may reset this person's two-factor. */
  resettable: boolean;
}

export interface TwoFactorView {
  enabled: boolean;
  recoveryCodesLeft: number;
  /** Present while two-factor is off: the secret to scan or type. */
  enrolment: { manualKey: string; qrSvg: string } | null;
  /** Why the person is here before anything else: the owner requires it. */
  required: boolean;
  /** Shown once, right after enrolment or a new set. */
  recoveryCodes: string[] | null;
  error: string | null;
  notice: string | null;
  /** The owner's setting; null for everybody else. */
  requirement: { value: string; options: Option[] } | null;
  /** Null for those who do not manage staff. */
  staff: TwoFactorStaffRow[] | null;
}

/** The QR code is our own SVG markup, inline: no image request, nothing for the CSP to allow. */
function QrCode({ svg }: { svg: string }) {
  const sized = svg.replace('<svg ', '<svg width="200" height="200" role="img" aria-label="QR code for your authenticator app" ');
  return <div class="qr-code" dangerouslySetInnerHTML={{ __html: sized }} />;
}

function CodeField({ id, label, hint }: { id: string; label: string; hint?: string }) {
  return (
    <p class="field">
      <label for={id}>{label}</label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={id}
        name="code"
        type="text"
        required
        autocomplete="one-time-code"
        inputMode="numeric"
        maxLength={24}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
    </p>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div class="notice notice-ok" role="status">
      <h2>Your recovery codes</h2>
      <p>
        Each code signs you in once if you lose your phone. Keep them somewhere safe, such as a password manager. They are shown only now.
      </p>
      <ul class="recovery-codes">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Enrolment({ ctx, enrolment }: { ctx: NewsroomContext; enrolment: { manualKey: string; qrSvg: string } }) {
  return (
    <section aria-labelledby="enrol">
      <h2 id="enrol">Turn on two-factor sign-in</h2>
      <ol>
        <li>Open an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or 1Password).</li>
        <li>Scan this QR code, or type the key below into the app by hand.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <QrCode svg={enrolment.qrSvg} />
      <p>
        Key to type by hand (time-based, 6 digits, 30 seconds): <code id="manual-key">{enrolment.manualKey}</code>
      </p>
      <form method="post" action="/admin/account/two-factor/confirm" class="stack">
        <CsrfField token={ctx.csrf} />
        <CodeField id="enrol-code" label="Code from the app" />
        <p>
          <button type="submit" class="button-primary">
            Turn on two-factor sign-in
          </button>
        </p>
      </form>
    </section>
  );
}

function Enabled({ ctx, view }: { ctx: NewsroomContext; view: TwoFactorView }) {
  return (
    <>
      <p>
        Two-factor sign-in is <strong>on</strong>. You have {view.recoveryCodesLeft} unused recovery{' '}
        {view.recoveryCodesLeft === 1 ? 'code' : 'codes'}.
      </p>
      <h2 id="new-codes">New recovery codes</h2>
      <form method="post" action="/admin/account/two-factor/recovery-codes" class="stack" aria-labelledby="new-codes">
        <CsrfField token={ctx.csrf} />
        <CodeField id="codes-code" label="Code from the app" hint="Your old recovery codes stop working." />
        <p>
          <button type="submit">Make new recovery codes</button>
        </p>
      </form>
      {!view.required && (
        <>
          <h2 id="turn-off">Turn off two-factor sign-in</h2>
          <form method="post" action="/admin/account/two-factor/disable" class="stack" aria-labelledby="turn-off">
            <CsrfField token={ctx.csrf} />
            <p class="field">
              <label for="disable-password">Password</label>
              <input id="disable-password" name="password" type="password" required autocomplete="current-password" />
            </p>
            <CodeField id="disable-code" label="Code from the app or a recovery code" />
            <p>
              <button type="submit">Turn off two-factor sign-in</button>
            </p>
          </form>
        </>
      )}
    </>
  );
}

function Requirement({ ctx, requirement }: { ctx: NewsroomContext; requirement: NonNullable<TwoFactorView['requirement']> }) {
  return (
    <section aria-labelledby="requirement">
      <h2 id="requirement">Require two-factor sign-in</h2>
      <form method="post" action="/admin/account/two-factor/requirement" class="stack">
        <CsrfField token={ctx.csrf} />
        <fieldset>
          <legend>Who must use it</legend>
          {requirement.options.map((option) => (
            <p>
              <input
                type="radio"
                id={`requirement-${option.value}`}
                name="requirement"
                value={option.value}
                checked={option.value === requirement.value}
              />{' '}
              <label for={`requirement-${option.value}`}>{option.label}</label>
            </p>
          ))}
        </fieldset>
        <p class="hint">A person who must use it and has not turned it on is sent to set it up right after signing in.</p>
        <p>
          <button type="submit">Save the requirement</button>
        </p>
      </form>
    </section>
  );
}

function StaffTable({ ctx, rows }: { ctx: NewsroomContext; rows: TwoFactorStaffRow[] }) {
  return (
    <section aria-labelledby="staff-two-factor">
      <h2 id="staff-two-factor">Staff</h2>
      <p>Resetting turns a person's two-factor off: use it when they lost their phone and their recovery codes.</p>
      <table class="manage-table">
        <caption class="visually-hidden">Two-factor sign-in by staff member</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Two-factor</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">{row.name}</th>
              <td>{row.roleLabel}</td>
              <td>{row.enabled ? 'On' : 'Off'}</td>
              <td>
                {row.enabled && row.resettable && (
                  <form method="post" action={`/admin/staff/${row.id}/two-factor/reset`}>
                    <CsrfField token={ctx.csrf} />
                    <button type="submit" aria-label={`Reset two-factor for ${row.name}`}>
                      Reset
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function TwoFactorPage({ ctx, view }: { ctx: NewsroomContext; view: TwoFactorView }) {
  return (
    <NewsroomShell ctx={ctx} title="Sign-in security">
      <h1>Sign-in security</h1>
      {view.required && !view.enabled && (
        <Notice kind="info">This newsroom requires two-factor sign-in for your account. Turn it on to continue.</Notice>
      )}
      {view.error && <Notice kind="error">{view.error}</Notice>}
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      {view.recoveryCodes && <RecoveryCodes codes={view.recoveryCodes} />}
      {view.enabled ? <Enabled ctx={ctx} view={view} /> : view.enrolment && <Enrolment ctx={ctx} enrolment={view.enrolment} />}
      {view.requirement && <Requirement ctx={ctx} requirement={view.requirement} />}
      {view.staff && <StaffTable ctx={ctx} rows={view.staff} />}
    </NewsroomShell>
  );
}
