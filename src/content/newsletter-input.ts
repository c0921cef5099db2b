import { z } from 'zod';
import { HEADER_SAFE_MESSAGE, isHeaderSafe } from './header-safe.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from './slug.js';

// What the newsroom's newsletter forms may carry: a list's settings and an issue's
// subject and introduction. A subject becomes a mail header, so a line break in it is
// refused here rather than stripped later (SECURITY.md, "email headers").

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const NewsletterInputSchema = z
  .object({
    name: text(120).trim().min(1, 'must not be empty').refine(isHeaderSafe, HEADER_SAFE_MESSAGE),
    slug: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(SLUG_MAX_LENGTH, `must be at most ${SLUG_MAX_LENGTH} characters`)
      .regex(SLUG_PATTERN, 'must be lower-case letters, digits and single hyphens, e.g. "weekly"')
      // The newsroom's own paths under /admin/newsletters/ use these words.
      .refine((v) => v !== 'new' && v !== 'issues', 'is a reserved word; choose another'),
    description: text(500).trim(),
    /** A checkbox: "on" when ticked, absent (or "") when not. */
    roundup: z.enum(['', 'on'], { errorMap: () => ({ message: 'must be ticked or not' }) }).transform((v) => (v === 'on' ? 1 : 0)),
    draft_weekday: z
      .string()
      .regex(/^[0-6]$/, 'must be a day of the week')
      .transform(Number),
    draft_time: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 10:00'),
    max_per_second: z
      .string()
      .trim()
      .regex(/^(|[1-9]\d{0,4})$/, 'must be empty (as fast as the mail server takes them) or a whole number from 1 to 99999')
      .transform((v) => (v === '' ? null : Number(v))),
  })
  .strict();
export type NewsletterInput = z.infer<typeof NewsletterInputSchema>;

export const IssueInputSchema = z
  .object({
    subject: text(200).trim().min(1, 'must not be empty').refine(isHeaderSafe, HEADER_SAFE_MESSAGE),
    intro: text(10_000).transform((v) => v.replace(/\r\n?/g, '\n').trim()),
  })
  .strict();
export type IssueInput = z.infer<typeof IssueInputSchema>;

/** A form's revision field: the issue revision the editor started from. */
export function revisionOf(value: unknown): number | null {
  return typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}
