// "Keep reading" on related stories (SPEC §5). The server renders a plain link to the
// story; this turns it into a disclosure button that unfolds the story in place, moves
// focus to the first revealed paragraph (as BBC Simorgh's "continue reading" does) and
// folds it back with "Show less". Any failure falls back to following the link.

// Click-to-load YouTube embeds (render/blocks/media-blocks.ts): the server renders a link
// and a hidden "Load the video" button; nothing contacts YouTube until the reader clicks,
// then the player comes from youtube-nocookie.com, the one frame source the CSP allows.
const enableVideo = (button: HTMLButtonElement): void => {
  const id = button.dataset.youtubeId ?? '';
  const actions = button.parentElement;
  if (!/^[\w-]{11}$/.test(id) || !actions) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    const frame = document.createElement('iframe');
    frame.src = `https://www.youtube-nocookie.com/embed/${id}?autoplay=1`;
    frame.title = 'YouTube video player';
    frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
    frame.className = 'embed-frame';
    // The player takes the placeholder's place above the link; focus follows it, as the
    // button it replaces is gone.
    actions.before(frame);
    button.remove();
    frame.focus();
  });
};

document.querySelectorAll<HTMLButtonElement>('button[data-youtube-id]').forEach(enableVideo);

const squash = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();

const enhance = (link: HTMLAnchorElement): void => {
  const card = link.parentElement;
  const box = card?.querySelector<HTMLElement>('.related-full');
  const excerpt = card?.querySelector<HTMLElement>('.related-excerpt');
  const fragment = new URL(link.dataset.fragment ?? '', location.href);
  if (!box || !excerpt || fragment.origin !== location.origin) return;

  const href = link.href;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'keep-reading';
  button.setAttribute('aria-controls', box.id);
  // The link's children ("Keep reading" and the visually hidden title) move across, so
  // the button keeps the link's accessible name.
  button.append(...link.childNodes);
  const label = button.firstChild as Text;
  let body: Promise<string> | undefined;

  const show = (open: boolean): void => {
    box.hidden = !open;
    excerpt.hidden = open;
    button.setAttribute('aria-expanded', String(open));
    label.data = open ? 'Show less' : 'Keep reading';
  };

  // Every failure inside is caught (the reader falls back to the story's page), so the
  // promise the click starts can be left to run.
  const toggle = async (): Promise<void> => {
    if (button.getAttribute('aria-expanded') === 'true') {
      show(false);
      button.scrollIntoView({ block: 'nearest' });
      button.focus();
      return;
    }
    try {
      body ??= fetch(fragment, { credentials: 'same-origin' }).then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      });
      const html = await body;
      if (!box.childElementCount) {
        box.innerHTML = html;
        box.querySelectorAll<HTMLButtonElement>('button[data-youtube-id]').forEach(enableVideo);
      }
    } catch {
      location.assign(href);
      return;
    }
    show(true);
    // Focus lands where the reader picks up: the first paragraph the excerpt did not
    // already show (a card without its own excerpt shows the first paragraph).
    const seen = squash(excerpt.textContent);
    const paragraphs = [...box.querySelectorAll<HTMLElement>('p')];
    const next = paragraphs.find((p) => squash(p.textContent) !== seen) ?? paragraphs[0];
    if (next) {
      next.tabIndex = -1;
      next.focus();
    }
  };
  button.addEventListener('click', () => void toggle());

  show(false);
  link.replaceWith(button);
};

document.querySelectorAll<HTMLAnchorElement>('a.keep-reading[data-fragment]').forEach(enhance);
