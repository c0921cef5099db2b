import type { Transaction } from 'kysely';
import type { ImportRow } from '../../content/subscriber-csv.js';
import type { Tables } from '../schema.js';
import type { Db } from '../store.js';

// A subscriber CSV import, already checked line by line (content/subscriber-csv.ts),
// written in one transaction: all of it or none. Addresses are merged, never duplicated;
// an address that unsubscribed, bounced or complained is never brought back by a file.
// Writes go in batches (one statement per few hundred rows), so 10,000 rows take a few
// dozen statements rather than tens of thousands.

type Trx = Transaction<Tables>;

const BATCH = 1000;

export interface ImportSummary {
  rows: number;
  /** New addresses, now confirmed. */
  added: number;
  /** Addresses already here (confirmed, or pending and now confirmed by the file's consent); their lists were added. */
  merged: number;
  /** Lines that repeated an address earlier in the same file. */
  duplicatesInFile: number;
  skipped: { unsubscribed: number; bounced: number; complained: number };
}

export class ImportListMissing extends Error {}

function chunks<T>(items: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One entry per address: the first line's consent, every line's lists. */
function mergeDuplicates(rows: ImportRow[]): Map<string, ImportRow> {
  const byEmail = new Map<string, ImportRow>();
  for (const row of rows) {
    const seen = byEmail.get(row.email);
    if (seen) seen.lists = [...new Set([...seen.lists, ...row.lists])];
    else byEmail.set(row.email, { ...row, lists: [...row.lists] });
  }
  return byEmail;
}

async function existing(trx: Trx, emails: string[]) {
  const found = new Map<string, { id: number; status: string }>();
  for (const part of chunks(emails)) {
    const rows = await trx.selectFrom('subscribers').select(['id', 'email', 'status']).where('email', 'in', part).execute();
    for (const row of rows) found.set(row.email, { id: row.id, status: row.status });
  }
  return found;
}

export async function importSubscribers(db: Db, input: { rows: ImportRow[]; defaultSource: string; now: string }): Promise<ImportSummary> {
  const entries = mergeDuplicates(input.rows);
  const lists = await db.selectFrom('newsletters').select(['id', 'slug']).orderBy('position').orderBy('id').execute();
  const listId = new Map(lists.map((l) => [l.slug, l.id]));
  const defaultList = lists[0];
  const summary: ImportSummary = {
    rows: input.rows.length,
    added: 0,
    merged: 0,
    duplicatesInFile: input.rows.length - entries.size,
    skipped: { unsubscribed: 0, bounced: 0, complained: 0 },
  };
  const consentOf = (row: ImportRow) => ({ consent_at: row.consentAt ?? input.now, consent_source: row.source ?? input.defaultSource });

  await db.transaction().execute(async (trx) => {
    const known = await existing(trx, [...entries.keys()]);
    /** Subscribers whose lists the file adds: new ones, and merged ones. */
    const joining: Array<{ id: number; row: ImportRow }> = [];

    const fresh = [...entries.values()].filter((row) => !known.has(row.email));
    for (const part of chunks(fresh)) {
      const inserted = await trx
        .insertInto('subscribers')
        .values(
          part.map((row) => ({
            email: row.email,
            status: 'confirmed' as const,
            created_at: input.now,
            updated_at: input.now,
            confirmed_at: input.now,
            ...consentOf(row),
          })),
        )
        .onConflict((oc) => oc.column('email').doNothing())
        .returning(['id', 'email'])
        .execute();
      for (const { id, email } of inserted) joining.push({ id, row: entries.get(email)! });
      summary.added += inserted.length;
      // An address that arrived by sign-up meanwhile is merged like any other.
      const insertedEmails = new Set(inserted.map((r) => r.email));
      const raced = part.filter((row) => !insertedEmails.has(row.email)).map((row) => row.email);
      if (raced.length) for (const [email, found] of await existing(trx, raced)) known.set(email, found);
    }

    for (const [email, found] of known) {
      const row = entries.get(email)!;
      if (found.status === 'unsubscribed' || found.status === 'bounced' || found.status === 'complained') {
        summary.skipped[found.status] += 1;
        continue;
      }
      if (found.status === 'pending') {
        // The file attests consent, as a confirmation would.
        await trx
          .updateTable('subscribers')
          .set({ status: 'confirmed', confirmed_at: input.now, updated_at: input.now, ...consentOf(row) })
          .where('id', '=', found.id)
          .where('status', '=', 'pending')
          .execute();
      }
      summary.merged += 1;
      joining.push({ id: found.id, row });
    }

    const subscriptions = joining.flatMap(({ id, row }) => {
      const ids = row.lists.length ? row.lists.map((slug) => listId.get(slug)) : [defaultList?.id];
      if (ids.some((x) => x === undefined))
        throw new ImportListMissing(
          row.lists.length ? `a list of line ${row.line} no longer exists` : 'there is no newsletter list to import into',
        );
      return ids.map((newsletterId) => ({
        subscriber_id: id,
        newsletter_id: newsletterId!,
        status: 'active' as const,
        created_at: input.now,
        updated_at: input.now,
      }));
    });
    for (const part of chunks(subscriptions)) {
      // A list the person left stays left; a pending one becomes active.
      await trx
        .insertInto('subscriptions')
        .values(part)
        .onConflict((oc) =>
          oc
            .columns(['subscriber_id', 'newsletter_id'])
            .doUpdateSet({ status: 'active', updated_at: input.now })
            .where('subscriptions.status', '=', 'pending'),
        )
        .execute();
    }
  });
  return summary;
}
