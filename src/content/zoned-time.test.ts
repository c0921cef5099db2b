import { describe, expect, it } from 'vitest';
import { utcToWallTime, wallTimeToUtc } from './zoned-time.js';

describe('zoned wall time', () => {
  it('reads a wall time in the publication zone, across daylight saving', () => {
    expect(wallTimeToUtc('2026-01-15T09:00', 'Europe/Berlin')).toBe('2026-01-15T08:00:00.000Z');
    expect(wallTimeToUtc('2026-07-15T09:00', 'Europe/Berlin')).toBe('2026-07-15T07:00:00.000Z');
    expect(wallTimeToUtc('2026-07-15T09:00', 'America/New_York')).toBe('2026-07-15T13:00:00.000Z');
    expect(wallTimeToUtc('2026-07-15T09:00', 'UTC')).toBe('2026-07-15T09:00:00.000Z');
  });

  it('round-trips through the input value', () => {
    const iso = '2026-03-29T00:30:00.000Z';
    expect(wallTimeToUtc(utcToWallTime(iso, 'Europe/London'), 'Europe/London')).toBe(iso);
  });

  it('refuses what is not a wall time', () => {
    expect(wallTimeToUtc('tomorrow', 'UTC')).toBeNull();
    expect(wallTimeToUtc('2026-07-15 09:00', 'UTC')).toBeNull();
  });
});
