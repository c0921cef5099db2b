import type { Selectable } from 'kysely';
import type { Db } from '../store.js';
import type { StaffRole, StaffTable } from '../schema.js';

// Staff accounts and their sessions. Session ids and tokens arrive here already hashed.

export type StaffRecord = Selectable<StaffTable>;

export async function countStaff(db: Db): Promise<number> {
  const row = await db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findStaffByEmail(db: Db, email: string): Promise<StaffRecord | undefined> {
  return db.selectFrom('staff').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findStaffById(db: Db, id: number): Promise<StaffRecord | undefined> {
  return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listStaff(db: Db) {
  return db
    .selectFrom('staff')
    .leftJoin('authors', 'authors.id', 'staff.author_id')
    .select([
      'staff.id',
      'staff.email',
      'staff.name',
      'staff.role',
      'staff.created_at',
      'staff.disabled_at',
      'staff.password_set_at',
      'staff.author_id',
      'authors.name as author_name',
    ])
    .orderBy('staff.name')
    .execute();
}

/** The slug of the author profile that carries this person's byline, if they have one. */
export async function bylineSlugOf(db: Db, staffId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('staff')
    .innerJoin('authors', 'authors.id', 'staff.author_id')
    .select('authors.slug')
    .where('staff.id', '=', staffId)
    .executeTakeFirst();
  return row?.slug;
}

export interface NewStaff {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  authorId?: number | null;
  /** An invited person has a password nobody knows until they follow their set-up link. */
  invited?: boolean;
  now: string;
}

/** Throws on a duplicate email or a second owner (unique indexes decide races). */
export async function insertStaff(db: Db, staff: NewStaff): Promise<number> {
  const row = await db
    .insertInto('staff')
    .values({
      email: staff.email.toLowerCase(),
      name: staff.name,
      role: staff.role,
      password_hash: staff.passwordHash,
      author_id: staff.authorId ?? null,
      created_at: staff.now,
      disabled_at: null,
      password_set_at: staff.invited ? null : staff.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateStaff(
  db: Db,
  id: number,
  changes: Partial<Pick<StaffRecord, 'name' | 'role' | 'author_id' | 'disabled_at' | 'password_hash' | 'password_set_at'>>,
): Promise<void> {
  await db.updateTable('staff').set(changes).where('id', '=', id).execute();
}

export async function insertSession(db: Db, session: { idHash: string; staffId: number; now: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      staff_id: session.staffId,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function findSession(db: Db, idHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('staff', 'staff.id', 'sessions.staff_id')
    .select([
      'sessions.id_hash',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'staff.id',
      'staff.email',
      'staff.name',
      'staff.role',
      'staff.author_id',
      'staff.disabled_at',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Revokes every session of a person: on password or role change, and on disabling. */
export async function deleteSessionsOf(db: Db, staffId: number): Promise<void> {
  await db.deleteFrom('sessions').where('staff_id', '=', staffId).execute();
}
