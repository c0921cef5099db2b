import { describe, expect, it } from 'vitest';
import { MEDIA_LIMITS, MediaInputSchema } from './media-input.js';

describe('media text input', () => {
  it('takes alt text up to 1,000, a caption up to 2,000 and a credit up to 300 characters', () => {
    expect(MEDIA_LIMITS).toEqual({ alt: 1_000, caption: 2_000, credit: 300 });
    for (const [field, limit] of Object.entries(MEDIA_LIMITS)) {
      expect(MediaInputSchema.safeParse({ [field]: 'x'.repeat(limit) }).success, field).toBe(true);
      const refused = MediaInputSchema.safeParse({ [field]: 'x'.repeat(limit + 1) });
      expect(refused.success, field).toBe(false);
      expect(refused.error?.issues[0]).toMatchObject({
        path: [field],
        message: `must be at most ${limit.toLocaleString('en-US')} characters`,
      });
    }
  });

  it('trims before measuring, fills what is left out, and refuses unknown fields', () => {
    expect(MediaInputSchema.parse({ alt: `  ${'x'.repeat(1_000)}  ` }).alt).toHaveLength(1_000);
    expect(MediaInputSchema.parse({})).toEqual({ alt: '', caption: '', credit: '' });
    expect(MediaInputSchema.safeParse({ alt: 'A', file: 'x' }).success).toBe(false);
  });
});
