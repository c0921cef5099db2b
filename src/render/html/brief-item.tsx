import type { BriefView } from './view-model.js';
import { useSite } from './site-context.js';

interface BriefItemProps {
  brief: BriefView;
  headingLevel: 2 | 3;
}

/** A short news item with its time: the briefs rail and briefs-layout sections. */
export function BriefItem({ brief, headingLevel }: BriefItemProps) {
  const { dates } = useSite();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="brief">
      <time datetime={brief.publishedAt}>{dates.shortDateTime(brief.publishedAt)}</time>
      <Heading class="brief-title">
        <a href={brief.href}>{brief.title}</a>
      </Heading>
      <p class="brief-excerpt">{brief.excerpt}</p>
    </li>
  );
}
