import { describe, expect, it } from 'vitest';
import { isoWeekOf } from '../content/iso-week.js';
import { nextRoundupAt, roundupOrder, roundupPeriod } from './roundup.js';

const friday10 = { draft_weekday: 5, draft_time: '10:00' };

describe('nextRoundupAt', () => {
  it('finds the next Friday 10:00 in the publication zone, strictly after the given instant', () => {
    // Thursday 26 November 2026, Berlin (CET, UTC+1).
    expect(nextRoundupAt(friday10, 'Europe/Berlin', new Date('2026-11-26T12:00:00Z')).toISOString()).toBe('2026-11-27T09:00:00.000Z');
    // Exactly at the time: the next week's.
    expect(nextRoundupAt(friday10, 'Europe/Berlin', new Date('2026-11-27T09:00:00Z')).toISOString()).toBe('2026-12-04T09:00:00.000Z');
    // A minute before: today's.
    expect(nextRoundupAt(friday10, 'Europe/Berlin', new Date('2026-11-27T08:59:00Z')).toISOString()).toBe('2026-11-27T09:00:00.000Z');
  });

  it('keeps the wall-clock time across the spring and autumn DST changes', () => {
    // Europe: summer time starts Sunday 29 March 2026; Friday 3 April 10:00 is CEST (UTC+2).
    expect(nextRoundupAt(friday10, 'Europe/Berlin', new Date('2026-03-27T09:00:00Z')).toISOString()).toBe('2026-04-03T08:00:00.000Z');
    // It ends Sunday 25 October 2026; Friday 30 October 10:00 is CET again (UTC+1).
    expect(nextRoundupAt(friday10, 'Europe/Berlin', new Date('2026-10-23T08:00:00Z')).toISOString()).toBe('2026-10-30T09:00:00.000Z');
    // New York changes on other dates (8 March 2026): a Sunday round-up at 09:00 on the day itself.
    expect(
      nextRoundupAt({ draft_weekday: 0, draft_time: '09:00' }, 'America/New_York', new Date('2026-03-07T12:00:00Z')).toISOString(),
    ).toBe('2026-03-08T13:00:00.000Z');
  });

  it('moves a time that does not exist on the day of the change forward, and never goes backwards', () => {
    // 02:30 on 29 March 2026 does not exist in Berlin; the draft comes at 03:30 CEST.
    const at = nextRoundupAt({ draft_weekday: 0, draft_time: '02:30' }, 'Europe/Berlin', new Date('2026-03-28T12:00:00Z'));
    expect(at.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 on 25 October 2026 happens twice; one of them is chosen, after the given instant.
    const fold = nextRoundupAt({ draft_weekday: 0, draft_time: '02:30' }, 'Europe/Berlin', new Date('2026-10-24T12:00:00Z'));
    expect(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']).toContain(fold.toISOString());
  });

  it('crosses a year end and handles zones ahead of UTC on another calendar day', () => {
    expect(nextRoundupAt(friday10, 'UTC', new Date('2026-12-30T00:00:00Z')).toISOString()).toBe('2027-01-01T10:00:00.000Z');
    // Thursday 31 December 2026 20:00 UTC is already Friday 1 January 09:00 in Auckland (UTC+13).
    expect(nextRoundupAt(friday10, 'Pacific/Auckland', new Date('2026-12-31T20:00:00Z')).toISOString()).toBe('2026-12-31T21:00:00.000Z');
    expect(nextRoundupAt(friday10, 'Pacific/Auckland', new Date('2026-12-31T21:00:00Z')).toISOString()).toBe('2027-01-07T21:00:00.000Z');
  });
});

describe('round-up periods', () => {
  it('names ISO weeks, including the ones that straddle a year end', () => {
    expect(isoWeekOf(2026, 11, 27)).toBe('2026-W48');
    expect(isoWeekOf(2025, 12, 29)).toBe('2026-W01');
    expect(isoWeekOf(2027, 1, 1)).toBe('2026-W53');
    expect(isoWeekOf(2027, 1, 4)).toBe('2027-W01');
  });

  it('takes the week on the publication calendar, not UTC', () => {
    // Sunday 23:30 in New York is Monday in UTC: still the old week for the newsroom.
    expect(roundupPeriod(new Date('2026-11-30T04:30:00Z'), 'America/New_York')).toBe('2026-W48');
    expect(roundupPeriod(new Date('2026-11-30T04:30:00Z'), 'UTC')).toBe('2026-W49');
  });
});

describe('roundupOrder', () => {
  it('groups by primary section in the sections order, newest first inside one, sectionless last', () => {
    const europe = { id: 3, position: 1 };
    const qiosk = { id: 9, position: 0 };
    expect(
      roundupOrder([
        { id: 1, publishedAt: '2026-11-21T10:00:00Z', section: europe },
        { id: 2, publishedAt: '2026-11-26T10:00:00Z', section: null },
        { id: 3, publishedAt: '2026-11-25T10:00:00Z', section: europe },
        { id: 4, publishedAt: '2026-11-22T10:00:00Z', section: qiosk },
      ]),
    ).toEqual([4, 3, 1, 2]);
  });
});
