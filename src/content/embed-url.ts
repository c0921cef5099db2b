import type { EmbedProvider } from './document.js';

// The embed allow-list: which URLs a story may embed, and the one canonical form each is
// stored in. Shared by parseDocument (the server re-validates every save), the renderer
// (re-checked on render, as links are) and the newsroom editor (refuses at insert time).
// Anything not matched here is refused: no other host, no credentials, no port, no
// scheme but https (http input is upgraded).

export interface EmbedTarget {
  provider: EmbedProvider;
  /** The canonical URL that is stored and linked to. */
  url: string;
  /** The provider's id of the video or post (YouTube: the 11-character video id). */
  id: string;
}

export const PROVIDER_NAMES: Record<EmbedProvider, string> = { youtube: 'YouTube', x: 'X', bluesky: 'Bluesky' };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com']);
const X_HOSTS = new Set(['x.com', 'www.x.com', 'mobile.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com']);
const X_USER = /^[A-Za-z0-9_]{1,15}$/;
const X_STATUS = /^\d{1,20}$/;
// A handle is a domain name; a DID is did:plc:… or did:web:….
const BLUESKY_ACTOR = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$|^did:(?:plc|web):[a-z0-9._:-]{1,200}$/i;
const BLUESKY_RKEY = /^[A-Za-z0-9._~-]{1,64}$/;

function youtube(url: URL): EmbedTarget | null {
  let id: string | null = null;
  if (url.hostname === 'youtu.be') id = url.pathname.slice(1);
  else if (YOUTUBE_HOSTS.has(url.hostname)) {
    const [, first, second, extra] = url.pathname.split('/');
    if (url.pathname === '/watch') id = url.searchParams.get('v');
    else if (first && ['embed', 'shorts', 'live'].includes(first) && extra === undefined) id = second ?? null;
  }
  if (id === null || !YOUTUBE_ID.test(id)) return null;
  return { provider: 'youtube', id, url: `https://www.youtube.com/watch?v=${id}` };
}

function x(url: URL): EmbedTarget | null {
  if (!X_HOSTS.has(url.hostname)) return null;
  const [, user, status, id, extra] = url.pathname.split('/');
  if (!user || !X_USER.test(user) || status !== 'status' || !id || !X_STATUS.test(id) || (extra !== undefined && extra !== '')) return null;
  return { provider: 'x', id, url: `https://x.com/${user}/status/${id}` };
}

function bluesky(url: URL): EmbedTarget | null {
  if (url.hostname !== 'bsky.app') return null;
  const [, profile, actor, post, rkey, extra] = url.pathname.split('/');
  if (profile !== 'profile' || post !== 'post' || !actor || !rkey || extra !== undefined) return null;
  // DIDs arrive as `did:plc:…` or percent-encoded; anything else encoded is refused.
  const who = actor.replaceAll('%3A', ':').replaceAll('%3a', ':');
  if (!BLUESKY_ACTOR.test(who) || !BLUESKY_RKEY.test(rkey)) return null;
  return { provider: 'bluesky', id: rkey, url: `https://bsky.app/profile/${who.toLowerCase()}/post/${rkey}` };
}

/** The allow-listed embed a URL points at, or null when it is not one. Never throws. */
export function parseEmbedUrl(raw: string): EmbedTarget | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.port) return null;
  return youtube(url) ?? x(url) ?? bluesky(url);
}
