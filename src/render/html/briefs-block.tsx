import type { BriefsBlockView } from './view-model.js';
import { BriefItem } from './brief-item.js';

/** The briefs section (QiOSK) as a rail: its name links to the section. */
export function BriefsBlock({ briefs }: { briefs: BriefsBlockView | null }) {
  if (!briefs || briefs.items.length === 0) return null;
  return (
    <section class="briefs" aria-labelledby="briefs-heading">
      <h2 id="briefs-heading" class="rule-heading">
        <a href={briefs.section.href}>{briefs.section.label}</a>
      </h2>
      <ul class="brief-list">
        {briefs.items.map((brief) => (
          <BriefItem brief={brief} headingLevel={3} />
        ))}
      </ul>
    </section>
  );
}
