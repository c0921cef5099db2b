// The soft lock's browser side (editorial/story-presence.ts): on the story editor, a
// heartbeat at load and then every ~30 s says "I have this story open" and fills the
// notice with who else has (the server writes the sentence, in the newsroom's clock).
// Leaving the page says goodbye with navigator.sendBeacon, so the others' notice clears
// at their next heartbeat; a page that vanishes without it times out on the server.

const DEFAULT_HEARTBEAT_MS = 30_000;

export function startPresence(notice: HTMLElement): void {
  const url = notice.dataset.storyPresence;
  const csrf = notice.dataset.csrf;
  if (!url || !csrf) return;
  let every = DEFAULT_HEARTBEAT_MS;
  let timer: number | undefined;
  let left = false;
  // This page load, so a reload's late goodbye does not remove the new page's presence.
  const visit = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

  // Only a change is written: the same sentence again would be announced again.
  const show = (message: string) => {
    if (notice.textContent !== message) notice.textContent = message;
  };
  const beat = async () => {
    window.clearTimeout(timer);
    if (left) return;
    try {
      const response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'x-csrf-token': csrf, accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ visit }),
      });
      if (response.ok) {
        const answer = (await response.json()) as { message?: unknown; heartbeatMs?: unknown };
        show(typeof answer.message === 'string' ? answer.message : '');
        if (typeof answer.heartbeatMs === 'number' && answer.heartbeatMs >= 1000) every = answer.heartbeatMs;
      }
    } catch {
      // Offline for a moment: the next beat tries again; the 409 on save stays the guarantee.
    }
    if (!left) timer = window.setTimeout(() => void beat(), every);
  };

  window.addEventListener('pagehide', () => {
    left = true;
    window.clearTimeout(timer);
    navigator.sendBeacon(`${url}/leave`, new URLSearchParams({ _csrf: csrf, visit }));
  });
  // Back from the back-forward cache: present again.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      left = false;
      void beat();
    }
  });
  void beat();
}
