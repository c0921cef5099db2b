// The newsroom's media library as the editor sees it, through one endpoint the newsroom
// serves: `GET /admin/media.json?q=TEXT` (search) and `GET /admin/media.json?ids=1,2`
// (the images a story already shows), both answering
// `{ items: [{ id, url, alt, caption, credit, width, height }] }`.
// Answers are data from outside: each item is checked, and only same-origin image URLs
// are kept (the newsroom's CSP allows images from 'self' only).

export interface MediaItem {
  id: number;
  url: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
}

export const MEDIA_ENDPOINT = '/admin/media.json';

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const size = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0);

function mediaItem(value: unknown): MediaItem | null {
  if (typeof value !== 'object' || value === null) return null;
  const item = value as Record<string, unknown>;
  const { id, url } = item;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return null;
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return null;
  return {
    id,
    url,
    alt: str(item.alt),
    caption: str(item.caption),
    credit: str(item.credit),
    width: size(item.width),
    height: size(item.height),
  };
}

async function fetchItems(query: string): Promise<MediaItem[]> {
  const response = await fetch(`${MEDIA_ENDPOINT}?${query}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The media library answered ${response.status}.`);
  const body = (await response.json()) as { items?: unknown };
  return Array.isArray(body.items) ? body.items.flatMap((item) => mediaItem(item) ?? []) : [];
}

/** Known images by id, so image nodes can show a preview; lookups are batched. */
export class MediaLibrary {
  private readonly known = new Map<number, Promise<MediaItem | null>>();
  private pending = new Map<number, (item: MediaItem | null) => void>();

  search(text: string): Promise<MediaItem[]> {
    return fetchItems(`q=${encodeURIComponent(text)}`).then((items) => {
      for (const item of items) this.known.set(item.id, Promise.resolve(item));
      return items;
    });
  }

  remember(item: MediaItem): void {
    this.known.set(item.id, Promise.resolve(item));
  }

  /** The item for an id, fetched with every other id asked for in the same tick. */
  lookup(id: number): Promise<MediaItem | null> {
    const cached = this.known.get(id);
    if (cached) return cached;
    const promise = new Promise<MediaItem | null>((resolve) => {
      if (this.pending.size === 0) queueMicrotask(() => this.flush());
      this.pending.set(id, resolve);
    });
    this.known.set(id, promise);
    return promise;
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = new Map();
    fetchItems(`ids=${[...batch.keys()].join(',')}`)
      .then((items) => {
        const byId = new Map(items.map((item) => [item.id, item]));
        for (const [id, resolve] of batch) resolve(byId.get(id) ?? null);
      })
      .catch(() => {
        for (const [id, resolve] of batch) {
          // Forget failures, so a later node view may try again.
          this.known.delete(id);
          resolve(null);
        }
      });
  }
}
