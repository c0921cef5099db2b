// "Making sizes…" on the media library's pages (render/newsroom/media-pages.tsx) while an
// upload's variants job runs: this asks GET /admin/media/status.json?ids=… every few
// seconds, slower as time passes, and swaps in the thumbnail once the sizes are ready
// (or says they failed), so nobody has to reload. It stops when nothing is pending, or
// after ten minutes (a reload then shows the state).

interface Status {
  id: number;
  status: string;
  thumb: string | null;
  width: number;
  height: number;
  alt: string;
}

const ENDPOINT = '/admin/media/status.json';
const FIRST_DELAY_MS = 1_500;
const MAX_DELAY_MS = 10_000;
const GIVE_UP_MS = 10 * 60_000;

function statusOf(value: unknown): Status | null {
  if (typeof value !== 'object' || value === null) return null;
  const item = value as Record<string, unknown>;
  const thumb = typeof item.thumb === 'string' && item.thumb.startsWith('/') && !item.thumb.startsWith('//') ? item.thumb : null;
  if (typeof item.id !== 'number' || typeof item.status !== 'string') return null;
  return {
    id: item.id,
    status: item.status,
    thumb,
    width: typeof item.width === 'number' ? item.width : 0,
    height: typeof item.height === 'number' ? item.height : 0,
    alt: typeof item.alt === 'string' ? item.alt : '',
  };
}

function pendingIds(): string[] {
  return [...document.querySelectorAll<HTMLElement>('[data-media-pending]')].map((node) => node.dataset.mediaPending ?? '').filter(Boolean);
}

function showReady(item: Status): void {
  document.querySelectorAll<HTMLElement>(`[data-media-pending="${item.id}"]`).forEach((placeholder) => {
    if (item.status === 'failed') {
      placeholder.textContent = 'No sizes: the image could not be read.';
      delete placeholder.dataset.mediaPending;
      return;
    }
    if (!item.thumb) return;
    const img = document.createElement('img');
    img.src = item.thumb;
    // As the server renders it: the alt text, or a note that there is none yet.
    const name = placeholder.closest('a')?.querySelector('.media-label')?.textContent ?? `image ${item.id}`;
    img.alt = item.alt || `No alt text yet: ${name}`;
    if (item.width && item.height) {
      img.width = 240;
      img.height = Math.round((item.height * 240) / item.width);
    }
    placeholder.replaceWith(img);
  });
  document.querySelectorAll<HTMLElement>(`[data-media-state="${item.id}"]`).forEach((state) => {
    state.textContent = item.status === 'ready' ? 'Ready' : item.status === 'failed' ? 'Failed: upload it again' : 'Making sizes';
  });
}

async function poll(started: number, delay: number): Promise<void> {
  const ids = pendingIds();
  if (ids.length === 0 || Date.now() - started > GIVE_UP_MS) return;
  try {
    const response = await fetch(`${ENDPOINT}?ids=${ids.join(',')}`, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (response.ok) {
      const body = (await response.json()) as { items?: unknown };
      const items = Array.isArray(body.items) ? body.items.flatMap((item) => statusOf(item) ?? []) : [];
      for (const item of items) if (item.status !== 'processing') showReady(item);
    }
  } catch {
    // Offline for a moment: the next round asks again.
  }
  setTimeout(() => void poll(started, Math.min(MAX_DELAY_MS, Math.round(delay * 1.5))), delay);
}

if (pendingIds().length > 0) setTimeout(() => void poll(Date.now(), FIRST_DELAY_MS), FIRST_DELAY_MS);
