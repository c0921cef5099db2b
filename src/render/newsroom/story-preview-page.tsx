import { NewsroomShell } from './newsroom-shell.js';
import type { NewsroomContext } from './newsroom-view.js';

// "Preview like the reader sees it": the story's last saved version rendered by the
// reader site's own page (the route /admin/stories/:id/preview/frame), framed at the
// width chosen, desktop or a 390 px phone. The toggle is a pair of links, so it works
// without JavaScript and each width has its own address.

export type PreviewWidth = 'desktop' | 'phone';

export interface StoryPreviewView {
  id: number;
  title: string;
  width: PreviewWidth;
}

const WIDTHS: Array<{ value: PreviewWidth; label: string }> = [
  { value: 'desktop', label: 'Desktop' },
  { value: 'phone', label: 'Phone (390 px)' },
];

export function StoryPreviewPage({ ctx, view }: { ctx: NewsroomContext; view: StoryPreviewView }) {
  const base = `/admin/stories/${view.id}`;
  const title = `Preview: ${view.title || 'Untitled story'}`;
  return (
    <NewsroomShell ctx={ctx} title={title}>
      <div class="page-head">
        <h1>{title}</h1>
        <p>
          The last saved version, as readers will see it. <a href={base}>Back to the editor</a>
        </p>
      </div>
      <nav class="preview-widths" aria-label="Preview width">
        <ul>
          {WIDTHS.map((w) => (
            <li>
              <a href={`${base}/preview?width=${w.value}`} aria-current={w.value === view.width ? 'page' : undefined}>
                {w.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class={`preview-stage preview-stage-${view.width}`}>
        <iframe
          class={`preview-frame preview-frame-${view.width}`}
          src={`${base}/preview/frame`}
          title={`The story at ${view.width === 'phone' ? 'phone width (390 px)' : 'desktop width'}`}
          // The site's own page under its own CSP (nonce scripts only): its scripts run, as
          // for a reader (keep-reading, live updates); the sandbox still keeps forms, popups
          // and navigation of the newsroom page out of the preview.
          sandbox="allow-same-origin allow-scripts"
          loading="eager"
        ></iframe>
      </div>
    </NewsroomShell>
  );
}
