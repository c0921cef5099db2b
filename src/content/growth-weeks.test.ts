import { describe, expect, it } from 'vitest';
import { growthWeeks } from './growth-weeks.js';

describe('growthWeeks', () => {
  it('gives twelve Monday-to-Monday weeks ending with the current one, in UTC', () => {
    const weeks = growthWeeks(new Date('2026-11-27T12:00:00Z'), 'UTC');
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1)).toEqual({ start: '2026-11-23T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z', label: '2026-11-23' });
    expect(weeks[0]!.label).toBe('2026-09-07');
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]!.start).toBe(weeks[i - 1]!.end);
  });

  it('starts weeks at midnight in the publication zone, across a DST change', () => {
    const weeks = growthWeeks(new Date('2026-10-27T10:00:00Z'), 'Europe/Berlin', 2);
    // Berlin leaves summer time (UTC+2) for UTC+1 on Sunday 25 October 2026: the week of
    // 19 October starts at 22:00 UTC and is an hour longer than seven days.
    expect(weeks[0]).toEqual({ start: '2026-10-18T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z', label: '2026-10-19' });
    expect(weeks[1]).toEqual({ start: '2026-10-25T23:00:00.000Z', end: '2026-11-01T23:00:00.000Z', label: '2026-10-26' });
  });

  it('counts Sunday night in a zone ahead of UTC into the next week', () => {
    // Monday 00:30 in Tokyo is still Sunday in UTC.
    const weeks = growthWeeks(new Date('2026-11-22T15:30:00Z'), 'Asia/Tokyo', 1);
    expect(weeks[0]).toEqual({ start: '2026-11-22T15:00:00.000Z', end: '2026-11-29T15:00:00.000Z', label: '2026-11-23' });
  });

  it('treats Monday itself as the first day of its week', () => {
    const weeks = growthWeeks(new Date('2026-11-23T00:00:00Z'), 'UTC', 1);
    expect(weeks[0]!.label).toBe('2026-11-23');
  });
});
