import type { RelatedStoryView } from './view-model.js';
import { Excerpt } from './excerpt.js';
import { Figure } from './figure.js';
import { Kicker } from './kicker.js';

/**
 * A related story that can unfold in place. The markup below is a contract with
 * src/client/keep-reading.ts and the browser tests: without script "Keep reading" is a
 * plain link to the story; the script turns it into a button that fills `.related-full`.
 */
export function RelatedCard({ story }: { story: RelatedStoryView }) {
  return (
    <article class="related-card">
      {story.image && (
        <Figure class="related-figure" image={story.image} caption="full" sizes="(min-width: 40rem) 15rem, 100vw" loading="lazy" />
      )}
      <div class="related-text">
        <Kicker kicker={story.kicker} />
        <h3 class="card-title">
          <a href={story.href}>{story.title}</a>
        </h3>
        <Excerpt class="related-excerpt" text={story.excerpt} />
      </div>
      <div class="related-full" id={`related-full-${story.slug}`} hidden></div>
      <a class="keep-reading" href={story.href} data-fragment={story.bodyFragmentHref}>
        Keep reading<span class="visually-hidden">: {story.title}</span>
      </a>
    </article>
  );
}
