import type { StoryCardView } from './view-model.js';
import { useSite } from './site-context.js';

/** The newest stories as a compact numbered list. */
export function LatestList({ stories }: { stories: StoryCardView[] }) {
  const { dates } = useSite();
  if (stories.length === 0) return null;
  return (
    <section class="latest" aria-labelledby="latest-heading">
      <h2 id="latest-heading" class="rule-heading">
        <a href="/latest">Latest</a>
      </h2>
      <ol class="latest-list">
        {stories.map((story) => (
          <li>
            <a href={story.href}>{story.title}</a>
            <time datetime={story.publishedAt}>{dates.shortDateTime(story.publishedAt)}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}
