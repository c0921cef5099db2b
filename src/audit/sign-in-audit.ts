import type { Db } from '../store/store.js';
import { recordAudit } from './record-audit.js';

// A sign-in in the audit trail. The attempted address is kept (it is how an owner sees a
// guessing run against one account); the password never is. A success is recorded where
// the session starts, naming the person as the actor (they are not signed in yet when the
// entry is written); with two-factor on, the second step records it instead
// (auth/two-factor-challenge.ts), so a right password with no code is never a success.

type PasswordOutcome = { ok: true } | { ok: false; reason: string };

/** After the password check: a wrong one or a lock is recorded; "busy" was refused unchecked, so it is not an attempt. */
export async function recordSignInRefusal(db: Db, outcome: PasswordOutcome, attemptedEmail: string): Promise<void> {
  if (outcome.ok || (outcome.reason !== 'invalid' && outcome.reason !== 'locked')) return;
  await recordAudit(db, {
    action: outcome.reason === 'locked' ? 'sign-in.locked' : 'sign-in.failed',
    target: { kind: 'staff', id: null, label: attemptedEmail.toLowerCase() },
  });
}

export async function recordSignIn(db: Db, staff: { id: number; name: string; email: string }): Promise<void> {
  await recordAudit(db, {
    action: 'sign-in.succeeded',
    actor: { kind: 'staff', id: staff.id, name: staff.name },
    target: { kind: 'staff', id: staff.id, label: staff.email },
  });
}
