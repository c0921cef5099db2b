import { cloudflarePurger } from './cloudflare-purger.js';
import { compositePurger, type CdnPurger } from './cdn-purger.js';
import { fastlyPurger } from './fastly-purger.js';
import { varnishPurger } from './varnish-purger.js';
import { webhookPurger } from './webhook-purger.js';

// Which CDNs Masthead purges, from the environment (README, "CDN and caching"). Each
// adapter is on when its variables are set, off when none of them are; half a pair or a
// malformed value is a start-up error, never a purge that silently goes nowhere.

export interface CdnSettings {
  webhook: { url: string; secret: string } | null;
  fastly: { serviceId: string; apiToken: string } | null;
  cloudflare: { zoneId: string; apiToken: string } | null;
  varnish: { purgeUrl: string; token: string | null } | null;
}

export type CdnSettingsResult = { ok: true; settings: CdnSettings } | { ok: false; problems: string[] };

type Env = Record<string, string | undefined>;

/** Reads the CDN variables; `problems` are lines in the style of the config's other errors. */
export function parseCdnSettings(env: Env): CdnSettingsResult {
  const problems: string[] = [];
  const value = (name: string) => {
    const given = env[name]?.trim();
    return given === undefined || given === '' ? undefined : given;
  };
  const pair = (a: string, b: string): [string, string] | null => {
    const [first, second] = [value(a), value(b)];
    if (first === undefined && second === undefined) return null;
    if (first === undefined || second === undefined) {
      problems.push(`${a} and ${b} go together: set both or neither.`);
      return null;
    }
    return [first, second];
  };
  const httpUrl = (name: string, url: string) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`${name}: must be an absolute http or https URL`);
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`${name}: must be an http or https URL`);
  };

  const webhookPair = pair('CDN_PURGE_WEBHOOK_URL', 'CDN_PURGE_WEBHOOK_SECRET');
  if (webhookPair) {
    httpUrl('CDN_PURGE_WEBHOOK_URL', webhookPair[0]);
    if (webhookPair[1].length < 32) problems.push('CDN_PURGE_WEBHOOK_SECRET: must be at least 32 characters');
  }
  const fastlyPair = pair('FASTLY_SERVICE_ID', 'FASTLY_API_TOKEN');
  if (fastlyPair && !/^[A-Za-z0-9]+$/.test(fastlyPair[0])) problems.push('FASTLY_SERVICE_ID: must be letters and digits only');
  const cloudflarePair = pair('CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_API_TOKEN');
  if (cloudflarePair && !/^[0-9a-f]{32}$/.test(cloudflarePair[0]))
    problems.push('CLOUDFLARE_ZONE_ID: must be the 32-character hex zone id');
  const varnishUrl = value('VARNISH_PURGE_URL');
  const varnishToken = value('VARNISH_PURGE_TOKEN');
  if (varnishUrl) httpUrl('VARNISH_PURGE_URL', varnishUrl);
  else if (varnishToken) problems.push('VARNISH_PURGE_TOKEN: needs VARNISH_PURGE_URL');

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      webhook: webhookPair ? { url: webhookPair[0], secret: webhookPair[1] } : null,
      fastly: fastlyPair ? { serviceId: fastlyPair[0], apiToken: fastlyPair[1] } : null,
      cloudflare: cloudflarePair ? { zoneId: cloudflarePair[0], apiToken: cloudflarePair[1] } : null,
      varnish: varnishUrl ? { purgeUrl: varnishUrl, token: varnishToken ?? null } : null,
    },
  };
}

/** The configured adapters as one purger, or null when no CDN is configured. */
export function cdnPurgerFor(settings: CdnSettings): CdnPurger | null {
  const purgers: CdnPurger[] = [];
  if (settings.webhook) purgers.push(webhookPurger(settings.webhook));
  if (settings.fastly) purgers.push(fastlyPurger(settings.fastly));
  if (settings.cloudflare) purgers.push(cloudflarePurger(settings.cloudflare));
  if (settings.varnish) purgers.push(varnishPurger(settings.varnish));
  if (purgers.length === 0) return null;
  return purgers.length === 1 ? purgers[0]! : compositePurger(purgers);
}

/** For callers without a loaded Config (scripts, tests); throws on invalid settings. */
export function cdnPurgerFromEnv(env: Env): CdnPurger | null {
  const parsed = parseCdnSettings(env);
  if (!parsed.ok) throw new Error(`Invalid CDN configuration:\n${parsed.problems.join('\n')}`);
  return cdnPurgerFor(parsed.settings);
}
