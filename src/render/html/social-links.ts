import type { PublicationView } from './view-model.js';

// The publication's social profiles (stored as JSON) as the links the site footer and the
// newsletter footer show: only http(s) addresses, each with the network's own name.

const NETWORK_LABELS: Record<string, string> = {
  x: 'X',
  twitter: 'X',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  instagram: 'Instagram',
  threads: 'Threads',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  rss: 'RSS',
  telegram: 'Telegram',
};

export function parseSocial(json: string): PublicationView['social'] {
  try {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return [];
    return list.flatMap((item: { network?: unknown; url?: unknown }) =>
      typeof item?.network === 'string' && typeof item.url === 'string' && /^https?:\/\//i.test(item.url)
        ? [{ network: item.network, url: item.url, label: NETWORK_LABELS[item.network] ?? item.network }]
        : [],
    );
  } catch {
    return [];
  }
}
