import { removeTwoFactor } from '../auth/two-factor.js';
import { findStaffByEmail } from '../store/access/staff-repository.js';
import type { Store } from '../store/store.js';

// `masthead user reset-two-factor --email E`: the way back for a person nobody in the
// newsroom may reset (the owner) who lost both their phone and their recovery codes.
// Whoever runs commands at the server's shell already holds every key to the site.

export async function resetTwoFactorCommand(flags: Map<string, string>, store: Store): Promise<number> {
  const email = flags.get('email') ?? '';
  const person = email ? await findStaffByEmail(store.db, email.trim()) : undefined;
  if (!person) {
    console.error(`No staff account has the email ${email || '(none given)'}; nothing was changed.`);
    return 1;
  }
  if (!(await removeTwoFactor(store.db, person, 'reset'))) {
    console.error(`${person.email} has no two-factor sign-in; nothing was changed.`);
    return 1;
  }
  console.log(`Two-factor sign-in reset for ${person.name} <${person.email}>: they sign in with their password and can turn it on again.`);
  return 0;
}
