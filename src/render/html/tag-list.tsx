import type { TagKind, TagView } from './view-model.js';

const groups: { kind: TagKind; label: string }[] = [
  { kind: 'person', label: 'People' },
  { kind: 'organization', label: 'Organizations' },
  { kind: 'place', label: 'Places' },
  { kind: 'topic', label: 'Topics' },
];

/** Tag links grouped by kind: people, organizations, places, topics. */
export function TagList({ tags }: { tags: TagView[] }) {
  const present = groups
    .map((group) => ({ ...group, tags: tags.filter((tag) => tag.kind === group.kind) }))
    .filter((group) => group.tags.length > 0);
  if (present.length === 0) return null;
  return (
    <dl class="tags">
      {present.map((group) => (
        <div class="tag-group">
          <dt>{group.label}</dt>
          {group.tags.map((tag) => (
            <dd>
              <a href={tag.href} rel="tag">
                {tag.label}
              </a>
            </dd>
          ))}
        </div>
      ))}
    </dl>
  );
}
