import { z } from 'zod';

// The one input schema of a library image's text, read by the newsroom's upload and edit
// forms and by /api/admin/media (upload fields, and PATCH as its `.partial()`). Alt text
// and caption may be as long as a bundle's (SPEC §3), so anything imported can be saved
// again unchanged. Text is trimmed before it is measured.

export const MEDIA_LIMITS = { alt: 1_000, caption: 2_000, credit: 300 } as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max.toLocaleString('en-US')} characters`)
    .default('');

export const MediaInputSchema = z
  .object({
    alt: text(MEDIA_LIMITS.alt),
    caption: text(MEDIA_LIMITS.caption),
    credit: text(MEDIA_LIMITS.credit),
  })
  .strict();
export type MediaInput = z.infer<typeof MediaInputSchema>;
