import { describe, expect, it } from 'vitest';
import { createDateFormatter } from './format-date.js';

describe('createDateFormatter', () => {
  it("formats in the publication's locale and time zone", () => {
    const utc = createDateFormatter({ locale: 'en-US', timeZone: 'UTC' });
    expect(utc.date('2025-04-18T23:30:00Z')).toBe('April 18, 2025');
    expect(utc.dateTime('2025-04-18T15:00:00Z')).toBe('April 18, 2025, 3:00 PM');
    expect(utc.shortDateTime('2025-04-18T15:00:00Z')).toBe('Apr 18, 3:00 PM');
    const berlin = createDateFormatter({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
    expect(berlin.date('2025-04-18T23:30:00Z')).toBe('19. April 2025');
  });
});
