import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { STAFF_ROLES, type StaffRole } from '../content/roles.js';
import { EMAIL } from '../content/staff-input.js';
import { findStaffByEmail, insertStaff } from '../store/staff-repository.js';
import type { Store } from '../store/store.js';

// `masthead user add --email E --name N --role R` (SPEC §1). The password comes from
// stdin, never from the command line, where other users could read it in `ps`.

export function parseFlags(args: string[]): Map<string, string> | null {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i];
    const value = args[i + 1];
    if (!name?.startsWith('--') || value === undefined) return null;
    flags.set(name.slice(2), value);
  }
  return flags;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (12 to 128 characters), then Enter and Ctrl-D: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function userCommand(args: string[], store: Store): Promise<number> {
  const [action, ...rest] = args;
  const flags = parseFlags(rest);
  if (action !== 'add' || !flags) {
    console.error('Usage: masthead user add --email E --name N --role contributor|author|editor|admin|owner  (password on stdin)');
    return 2;
  }
  const email = (flags.get('email') ?? '').trim().toLowerCase();
  const name = (flags.get('name') ?? '').trim();
  const role = flags.get('role') ?? '';
  const problems = [
    !EMAIL.test(email) && '--email must be an email address',
    !name && '--name must not be empty',
    !STAFF_ROLES.includes(role as StaffRole) && `--role must be one of ${STAFF_ROLES.join(', ')}`,
  ].filter(Boolean);
  if (problems.length) {
    for (const problem of problems) console.error(problem);
    return 1;
  }
  const password = await readStdin();
  const weak = passwordProblem(password);
  if (weak) {
    console.error(weak);
    return 1;
  }
  if (await findStaffByEmail(store.db, email)) {
    console.error(`A staff account with the email ${email} already exists; nothing was changed.`);
    return 1;
  }
  try {
    const id = await insertStaff(store.db, { email, name, role: role as StaffRole, passwordHash: await hashPassword(password), now: new Date().toISOString() });
    console.log(`Created ${role} account ${id} for ${name} <${email}>.`);
    return 0;
  } catch (error) {
    if (role === 'owner') {
      console.error('An owner account already exists; a publication has one owner. Nothing was changed.');
      return 1;
    }
    throw error;
  }
}
