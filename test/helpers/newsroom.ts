import { parseDatabaseUrl } from '../../src/config/config.js';
import type { StaffRole } from '../../src/content/roles.js';
import { openStore } from '../../src/store/store.js';
import type { Masthead } from './server.js';
import { insertStaffRow } from './staff-rows.js';

// Signing staff in over real HTTP, the way a browser does: the session cookie from the
// sign-in answer, the site's Origin on every POST, and the CSRF token read from a page.

export const PASSWORD = 'a long enough passphrase';

/**
 * A staff account as a row (test/helpers/staff-rows.ts); `masthead user add` is tested in newsroom-manage.
 * `author` links the author profile of that slug: the byline of the person's new stories.
 */
export async function addStaff(
  masthead: Masthead,
  staff: { email: string; name: string; role: StaffRole; password?: string; author?: string },
): Promise<void> {
  const store = await openStore(parseDatabaseUrl(masthead.env.DATABASE_URL!));
  try {
    const id = await insertStaffRow(store.db, { ...staff, password: staff.password ?? PASSWORD });
    if (staff.author) {
      const author = await store.db.selectFrom('authors').select('id').where('slug', '=', staff.author).executeTakeFirstOrThrow();
      await store.db.updateTable('staff').set({ author_id: author.id }).where('id', '=', id).execute();
    }
  } finally {
    await store.close();
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
}

export interface StaffSession {
  cookie: string;
  get(path: string): Promise<Answer>;
  /** POSTs a form with the session's CSRF token (unless `_csrf` is given, or null to leave it out). */
  post(path: string, form: Record<string, string | string[]>, options?: { csrf?: string | null; origin?: string | null }): Promise<Answer>;
  json(path: string, body: unknown): Promise<Answer & { data: unknown }>;
  csrf(): Promise<string>;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(20_000), ...init });
  return { status: response.status, headers: response.headers, body: await response.text(), location: response.headers.get('location') };
}

export function formBody(form: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  return body;
}

export async function postForm(
  origin: string,
  path: string,
  form: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return send(`${origin}${path}`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: formBody(form),
  });
}

export async function signIn(origin: string, email: string, password = PASSWORD): Promise<StaffSession> {
  const answer = await postForm(origin, '/admin/login', { email, password });
  if (answer.status !== 303) throw new Error(`sign-in of ${email} answered ${answer.status}: ${answer.body.slice(0, 500)}`);
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
  return sessionFromCookie(origin, cookie);
}

export function sessionFromCookie(origin: string, cookie: string): StaffSession {
  let token: string | null = null;
  const session: StaffSession = {
    cookie,
    get: (path) => send(`${origin}${path}`, { headers: { cookie } }),
    async csrf() {
      if (token) return token;
      const page = await session.get('/admin');
      const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
      if (!match) throw new Error(`no CSRF token on /admin (status ${page.status})`);
      token = match[1]!;
      return token;
    },
    async post(path, form, options = {}) {
      const csrf = options.csrf === undefined ? await session.csrf() : options.csrf;
      const headers: Record<string, string> = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
      const origin_ = options.origin === undefined ? origin : options.origin;
      if (origin_) headers.origin = origin_;
      return send(`${origin}${path}`, { method: 'POST', headers, body: formBody(csrf === null ? form : { _csrf: csrf, ...form }) });
    },
    async json(path, body) {
      const answer = await send(`${origin}${path}`, {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/json', 'x-csrf-token': await session.csrf() },
        body: JSON.stringify(body),
      });
      let data: unknown = null;
      try {
        data = JSON.parse(answer.body);
      } catch {
        /* an HTML answer */
      }
      return { ...answer, data };
    },
  };
  return session;
}
