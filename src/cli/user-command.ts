import { createStaffAccount } from '../auth/staff-accounts.js';
import { StaffCreateSchema } from '../content/staff-input.js';
import { describeIssues } from '../content/story-input.js';
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
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function userCommand(args: string[], store: Store): Promise<number> {
  const [action, ...rest] = args;
  const flags = parseFlags(rest);
  if (action === 'reset-two-factor' && flags) return (await import('./two-factor-command.js')).resetTwoFactorCommand(flags, store);
  if (action !== 'add' || !flags) {
    console.error('Usage: masthead user add --email E --name N --role contributor|author|editor|admin|owner  (password on stdin)');
    return 2;
  }
  // The newsroom's staff form's schema, so an account made here obeys the same limits.
  const parsed = StaffCreateSchema.safeParse({
    email: flags.get('email') ?? '',
    name: flags.get('name') ?? '',
    role: flags.get('role') ?? '',
  });
  if (!parsed.success) {
    for (const problem of describeIssues(parsed.error)) console.error(`--${problem.field} ${problem.message}`);
    return 1;
  }
  const account = parsed.data;
  const created = await createStaffAccount(store.db, 'operator', { ...account, password: await readStdin() }, new Date());
  if (created.ok) {
    console.log(`Created ${account.role} account ${created.id} for ${account.name} <${account.email}>.`);
    return 0;
  }
  if (created.field === 'email') console.error(`A staff account with the email ${account.email} already exists; nothing was changed.`);
  else console.error(`${created.message} Nothing was changed.`);
  return 1;
}
