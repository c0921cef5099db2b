import { z } from 'zod';
import { HEADER_SAFE_MESSAGE, isHeaderSafe } from './header-safe.js';

// The publication settings form (SPEC §3 "publication"): what readers see in the header,
// the footer and the newsletter box, and the zone and locale every date is shown in.
// Social links are typed one a line, "network url"; only http(s) links are kept, so no
// `javascript:` or `data:` address can reach a reader's page.

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

const TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

export function isTimeZone(value: string): boolean {
  return TIME_ZONES.has(value);
}

export function isLocale(value: string): boolean {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export interface SocialLink {
  network: string;
  url: string;
}

const NETWORK = /^[a-z0-9][a-z0-9.-]{0,39}$/;
export const SOCIAL_MAX = 12;

/** "bluesky https://bsky.app/profile/x" lines → links, or the problems, line by line. */
export function parseSocialLines(text: string): { links: SocialLink[]; problems: string[] } {
  const links: SocialLink[] = [];
  const problems: string[] = [];
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length > SOCIAL_MAX) problems.push(`at most ${SOCIAL_MAX} links`);
  lines.slice(0, SOCIAL_MAX).forEach((line, index) => {
    const [network = '', url = '', ...rest] = line.split(/\s+/);
    const where = `line ${index + 1}`;
    if (!url || rest.length) {
      problems.push(`${where}: write the network, a space, then the address`);
      return;
    }
    if (!NETWORK.test(network.toLowerCase())) {
      problems.push(`${where}: the network name must be a short word such as "mastodon"`);
      return;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`${where}: "${url.slice(0, 80)}" is not a web address`);
      return;
    }
    if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !parsed.hostname || url.length > 500) {
      problems.push(`${where}: only http and https addresses are allowed`);
      return;
    }
    links.push({ network: network.toLowerCase(), url: parsed.toString() });
  });
  return { links, problems };
}

export function socialLinesOf(links: SocialLink[]): string {
  return links.map((link) => `${link.network} ${link.url}`).join('\n');
}

export const SettingsInputSchema = z
  .object({
    // In the subject and sender name of every account mail and newsletter.
    name: text(120).trim().min(1, 'must not be empty').refine(isHeaderSafe, HEADER_SAFE_MESSAGE),
    tagline: text(300).trim(),
    time_zone: z.string().refine(isTimeZone, 'must be a time zone such as Europe/Berlin or America/New_York'),
    locale: z.string().trim().refine(isLocale, 'must be a language tag such as en-GB or de-DE'),
    newsletter_pitch: text(1_000).trim(),
    /** Printed in every newsletter's footer (CAN-SPAM asks for a valid physical postal address). */
    postal_address: text(500)
      .transform((value) =>
        value
          .split('\n')
          .map((line) => line.trim())
          .join('\n')
          .trim(),
      )
      .default(''),
    social: z
      .string()
      .max(8_000, 'is too long')
      .transform((value, context) => {
        const { links, problems } = parseSocialLines(value);
        for (const message of problems) context.addIssue({ code: z.ZodIssueCode.custom, message });
        return links;
      }),
  })
  .strict();
export type SettingsInput = z.infer<typeof SettingsInputSchema>;
