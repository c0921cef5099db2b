import { checkSubscriberAddress } from '../content/subscriber-address.js';
import type { ImportRow } from '../content/subscriber-csv.js';
import { knownAddresses, recordUnsubscribedAddresses, type Trx } from '../store/migration/migration-writer.js';
import { importSubscribers } from '../store/subscribers/subscriber-import-repository.js';
import type { MigrationReport } from './migration-report.js';
import type { SourceSubscriber } from './source-model.js';

// A source's members as newsletter subscribers. Their consent was given at the source, so
// it is recorded as imported (with the source's sign-up date) and no confirmation mail
// is sent. Members who had unsubscribed arrive unsubscribed and stay so; an address that
// unsubscribed, bounced or complained here is never brought back by an import.

export async function importMembers(
  db: Trx,
  members: SourceSubscriber[],
  options: { dryRun: boolean; source: string; now: string; report: MigrationReport },
): Promise<void> {
  const { report } = options;
  const subscribed: ImportRow[] = [];
  const unsubscribed: string[] = [];
  members.forEach((member, i) => {
    const address = checkSubscriberAddress(member.email);
    if (!address.ok) {
      report.add('subscriber', 'skipped', member.email || `row ${i + 1}`, address.reason);
      return;
    }
    if (member.subscribed) {
      subscribed.push({
        line: i + 2,
        email: address.email,
        consentAt: member.createdAt,
        lists: [],
        source: `${options.source} (imported)`,
      });
    } else unsubscribed.push(address.email);
  });
  const known = await knownAddresses(db, [...subscribed.map((r) => r.email), ...unsubscribed]);
  for (const row of subscribed) {
    report.add('subscriber', known.has(row.email) ? 'unchanged' : 'created', row.email, 'subscribed; consent recorded as imported');
  }
  for (const email of unsubscribed) {
    report.add('subscriber', known.has(email) ? 'unchanged' : 'created', email, 'unsubscribed at the source: stays unsubscribed');
  }
  if (options.dryRun) return;
  if (subscribed.length) {
    const summary = await importSubscribers(db, { rows: subscribed, defaultSource: `${options.source} (imported)`, now: options.now });
    const kept = summary.skipped.unsubscribed + summary.skipped.bounced + summary.skipped.complained;
    if (kept) report.warn(`${kept} members unsubscribed, bounced or complained here before: left as they are`);
  }
  await recordUnsubscribedAddresses(db, unsubscribed, options.now);
}
