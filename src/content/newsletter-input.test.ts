import { describe, expect, it } from 'vitest';
import { IssueInputSchema, NewsletterInputSchema, revisionOf } from './newsletter-input.js';

const list = {
  name: 'QiOSK daily',
  slug: 'qiosk-daily',
  description: '',
  roundup: '',
  draft_weekday: '5',
  draft_time: '10:00',
  max_per_second: '',
};

describe('newsletter forms', () => {
  it('reads a list form into typed values', () => {
    expect(NewsletterInputSchema.parse({ ...list, roundup: 'on', max_per_second: '50' })).toEqual({
      name: 'QiOSK daily',
      slug: 'qiosk-daily',
      description: '',
      roundup: 1,
      draft_weekday: 5,
      draft_time: '10:00',
      max_per_second: 50,
    });
    expect(NewsletterInputSchema.parse(list).max_per_second).toBeNull();
  });

  it('refuses a bad slug, weekday, time or rate, and unknown keys', () => {
    for (const bad of [
      { slug: 'Not A Slug' },
      { draft_weekday: '7' },
      { draft_time: '25:00' },
      { max_per_second: '0' },
      { max_per_second: '-3' },
      { extra: 'x' },
    ]) {
      expect(NewsletterInputSchema.safeParse({ ...list, ...bad }).success).toBe(false);
    }
  });

  it('keeps a subject to one line and normalises the introduction', () => {
    expect(IssueInputSchema.safeParse({ subject: 'Hello\r\nBcc: x@example.com', intro: '' }).success).toBe(false);
    expect(IssueInputSchema.parse({ subject: ' Week 48 ', intro: 'One\r\n\r\nTwo\n' })).toEqual({
      subject: 'Week 48',
      intro: 'One\n\nTwo',
    });
  });

  it('reads a revision strictly', () => {
    expect(revisionOf('3')).toBe(3);
    expect([revisionOf('0'), revisionOf('3x'), revisionOf(undefined), revisionOf('1e3')]).toEqual([null, null, null, null]);
  });
});
