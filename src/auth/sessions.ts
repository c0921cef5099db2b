import { deleteSession, findSession, insertSession, touchSession } from '../store/access/staff-repository.js';
import type { Db } from '../store/store.js';
import type { StaffRole } from '../store/schema.js';
import { hashToken, newToken } from './tokens.js';

// Server-side sessions (SECURITY.md, "sessions"): the cookie holds a random token, the
// database its hash. A session ends after 12 idle hours or 14 days at most, on logout,
// and whenever the person's password or role changes.

export const IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 14 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reading a page is not a write. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export interface SessionStaff {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  authorId: number | null;
  /** The hash identifying this session (CSRF tokens are bound to it). */
  sessionHash: string;
}

export async function startSession(db: Db, staffId: number, at: Date): Promise<string> {
  const token = newToken();
  await insertSession(db, {
    idHash: hashToken(token),
    staffId,
    now: at.toISOString(),
    expiresAt: new Date(at.getTime() + ABSOLUTE_TIMEOUT_MS).toISOString(),
  });
  return token;
}

export async function readSession(db: Db, token: string, at: Date): Promise<SessionStaff | null> {
  const idHash = hashToken(token);
  const row = await findSession(db, idHash);
  if (!row) return null;
  const now = at.getTime();
  const expired = Date.parse(row.expires_at) <= now || Date.parse(row.last_seen_at) + IDLE_TIMEOUT_MS <= now;
  if (expired || row.disabled_at) {
    await deleteSession(db, idHash);
    return null;
  }
  if (Date.parse(row.last_seen_at) + TOUCH_EVERY_MS <= now) await touchSession(db, idHash, at.toISOString());
  return { id: row.id, email: row.email, name: row.name, role: row.role, authorId: row.author_id, sessionHash: idHash };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await deleteSession(db, hashToken(token));
}
