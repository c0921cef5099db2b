import type { Db } from '../store.js';

// One-time tokens (owner set-up, password reset, preview links, a newsletter reader's
// confirmation and data links), stored hashed and typed by purpose, so a reset token can
// never open a preview and the other way round.

/**
 * `newsletter-data`: the short-lived link mailed to a subscriber that opens their data
 * and its erasure (the unsubscribe link, forwarded with every issue, does not).
 */
export type TokenPurpose = 'owner-setup' | 'password-reset' | 'preview' | 'newsletter-confirm' | 'newsletter-data';

export async function insertToken(
  db: Db,
  token: { hash: string; purpose: TokenPurpose; subjectId: number | null; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('tokens')
    .values({
      hash: token.hash,
      purpose: token.purpose,
      subject_id: token.subjectId,
      created_at: token.now,
      expires_at: token.expiresAt,
      used_at: null,
    })
    .execute();
}

/** A usable token's subject, without using it up (the page a GET shows). */
export async function peekToken(db: Db, hash: string, purpose: TokenPurpose, now: string) {
  return db
    .selectFrom('tokens')
    .select(['subject_id', 'expires_at'])
    .where('hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Uses a token up in one statement: of two racing requests exactly one gets the row
 * back, so a set-up link yields one owner and a reset link one new password.
 */
export async function consumeToken(
  db: Db,
  hash: string,
  purpose: TokenPurpose,
  now: string,
): Promise<{ subject_id: number | null } | undefined> {
  return db
    .updateTable('tokens')
    .set({ used_at: now })
    .where('hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('subject_id')
    .executeTakeFirst();
}

/** Whether a token of this purpose was ever issued (a spent or expired link, rather than a made-up one). */
export async function tokenIssued(db: Db, hash: string, purpose: TokenPurpose): Promise<boolean> {
  return (
    (await db.selectFrom('tokens').select('hash').where('hash', '=', hash).where('purpose', '=', purpose).executeTakeFirst()) !== undefined
  );
}

/** Live tokens of a purpose for a subject are withdrawn when a new one is issued. */
export async function revokeTokens(db: Db, purpose: TokenPurpose, subjectId: number | null, now: string): Promise<void> {
  let query = db.updateTable('tokens').set({ used_at: now }).where('purpose', '=', purpose).where('used_at', 'is', null);
  query = subjectId === null ? query.where('subject_id', 'is', null) : query.where('subject_id', '=', subjectId);
  await query.execute();
}
