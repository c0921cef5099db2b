import type { FrontView, SectionBlockView } from './view-model.js';
import { BriefsBlock } from './briefs-block.js';
import { LatestList } from './latest-list.js';
import { NewsletterPanel } from './newsletter-panel.js';
import { StoryCard } from './story-card.js';

/** Lead story, secondary row, Latest, section blocks, briefs rail, newsletter. */
export function FrontPage({ front }: { front: FrontView }) {
  return (
    <div class="wrap front">
      {front.lead && (
        <div class="front-lead">
          <StoryCard story={front.lead} variant="lead" headingLevel={2} priority />
        </div>
      )}
      {front.secondary.length > 0 && (
        <div class="front-secondary">
          {front.secondary.map((story) => (
            <StoryCard story={story} variant="standard" headingLevel={2} />
          ))}
        </div>
      )}
      <div class="front-latest">
        <LatestList stories={front.latest} />
      </div>
      <div class="front-sections">
        {front.sectionBlocks.map((block) => (
          <SectionBlock block={block} />
        ))}
      </div>
      <div class="front-briefs">
        <BriefsBlock briefs={front.briefs} />
      </div>
      <NewsletterPanel headingLevel={2} heading="Newsletter" form={{ source: '/' }} />
    </div>
  );
}

function SectionBlock({ block }: { block: SectionBlockView }) {
  if (block.stories.length === 0) return null;
  const id = `section-${block.section.href.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`;
  return (
    <section class="section-block" aria-labelledby={id}>
      <h2 id={id} class="rule-heading">
        <a href={block.section.href}>{block.section.label}</a>
      </h2>
      <div class="card-grid">
        {block.stories.map((story) => (
          <StoryCard story={story} variant="compact" headingLevel={3} />
        ))}
      </div>
    </section>
  );
}
