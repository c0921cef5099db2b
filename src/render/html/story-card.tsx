import type { ComponentChildren } from 'preact';
import type { StoryCardView } from './view-model.js';
import { AuthorNames } from './author-names.js';
import { Figure } from './figure.js';
import { Kicker } from './kicker.js';
import { useSite } from './site-context.js';

export type CardVariant = 'lead' | 'standard' | 'compact' | 'row';

interface StoryCardProps {
  story: StoryCardView;
  variant: CardVariant;
  headingLevel: 2 | 3;
  /** True only for the page's largest image, which should load first. */
  priority?: boolean;
  /** Shown instead of the dek or excerpt (search shows the matching passage). */
  summary?: ComponentChildren;
}

const imageSizes: Record<CardVariant, string> = {
  lead: '(min-width: 64rem) 44rem, 100vw',
  standard: '(min-width: 64rem) 18rem, (min-width: 40rem) 45vw, 100vw',
  compact: '(min-width: 64rem) 14rem, (min-width: 40rem) 30vw, 100vw',
  row: '(min-width: 40rem) 16rem, 100vw',
};

/** A story in a list or grid: image, kicker, headline link, dek or excerpt, byline. */
export function StoryCard({ story, variant, headingLevel, priority = false, summary: given }: StoryCardProps) {
  const { dates } = useSite();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  // Cards show one paragraph; the excerpt may hold more (related stories show them all).
  const summary = given ?? story.dek ?? story.excerpt.split(/\n\s*\n/)[0];
  return (
    <article class={`card card-${variant}`}>
      {story.image && (
        <Figure
          class="card-figure"
          image={story.image}
          caption={variant === 'lead' ? 'full' : 'credit'}
          sizes={imageSizes[variant]}
          loading={priority ? 'high' : 'lazy'}
        />
      )}
      <div class="card-text">
        <Kicker kicker={story.kicker} />
        <Heading class="card-title">
          <a href={story.href}>{story.title}</a>
        </Heading>
        {summary && variant !== 'compact' && <p class="card-summary">{summary}</p>}
        <p class="card-meta">
          {story.authors.length > 0 && (
            <span>
              By <AuthorNames authors={story.authors} />
            </span>
          )}
          <time datetime={story.publishedAt}>{dates.date(story.publishedAt)}</time>
        </p>
      </div>
    </article>
  );
}
