import type { RelatedStoryView } from './view-model.js';
import { RelatedCard } from './related-card.js';

export function RelatedStories({ stories }: { stories: RelatedStoryView[] }) {
  if (stories.length === 0) return null;
  return (
    <section class="related" aria-labelledby="related-heading">
      <h2 id="related-heading" class="rule-heading">
        Related stories
      </h2>
      {stories.map((story) => (
        <RelatedCard story={story} />
      ))}
    </section>
  );
}
