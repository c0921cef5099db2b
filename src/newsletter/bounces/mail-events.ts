import { recordReportedFailure } from '../../store/newsletter/delivery-repository.js';
import type { Db } from '../../store/store.js';
import type { MailEvent } from './delivery-report.js';

// One way in for bounces and complaints, whether read from a mailbox or posted by a
// mail provider: the address becomes bounced or complained and is never mailed again.

export interface MailEventTally {
  bounces: number;
  complaints: number;
  /** Addresses whose status changed (a repeat report changes nothing). */
  changed: number;
  /** Reports about addresses that are not subscribers here. */
  unknown: number;
}

export async function applyMailEvents(db: Db, events: readonly MailEvent[], now: Date): Promise<MailEventTally> {
  const tally: MailEventTally = { bounces: 0, complaints: 0, changed: 0, unknown: 0 };
  for (const event of events) {
    const result = await recordReportedFailure(db, { ...event, at: now.toISOString() });
    if (event.type === 'bounce') tally.bounces += 1;
    else tally.complaints += 1;
    if (!result.known) tally.unknown += 1;
    if (result.changed) tally.changed += 1;
  }
  return tally;
}
