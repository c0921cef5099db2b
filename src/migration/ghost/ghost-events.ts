import type { SourceEvent, SourcePerson, SourceSite, SourceTerm } from '../source-model.js';
import type { GhostExport } from './ghost-export-json.js';
import { ghostUrl } from './ghost-html.js';
import type { GhostMembers } from './ghost-members.js';
import { ghostNotImported } from './ghost-not-imported.js';
import type { PostAuthorRow, PostTagRow, TagRow, UserRow } from './ghost-rows.js';
import { ghostStory } from './ghost-story.js';

export interface GhostSources {
  data: GhostExport;
  members: GhostMembers | null;
  redirects: SourceEvent[];
}

/** The source-model stream for one Ghost site: site, people, tags, stories, then the rest. */
export function* ghostEvents({ data, members, redirects }: GhostSources): Generator<SourceEvent> {
  yield { kind: 'site', site: { ...ghostSite(data), stories: data.posts.length } };
  const people = new Set<string>();
  for (const user of data.users) {
    people.add(user.id);
    yield { kind: 'person', person: ghostPerson(user) };
  }
  const tags = new Set<string>();
  for (const tag of data.tags) {
    tags.add(tag.id);
    yield { kind: 'term', term: ghostTag(tag) };
  }
  const metaOf = new Map(data.postsMeta.map((meta) => [meta.post_id, meta]));
  const authorsOf = byPost(data.postsAuthors, (row) => row.author_id);
  const tagsOf = byPost(data.postsTags, (row) => row.tag_id);
  for (const post of data.posts) {
    const authors = authorsOf.get(post.id) ?? (post.author_id ? [post.author_id] : []);
    const story = ghostStory(post, {
      authors: authors.filter((id) => people.has(id)),
      tags: (tagsOf.get(post.id) ?? []).filter((id) => tags.has(id)),
      meta: metaOf.get(post.id) ?? null,
    });
    const missing = authors.filter((id) => !people.has(id));
    if (missing.length > 0) story.warnings.push(`author ${missing.join(', ')} is not in the export`);
    yield { kind: 'story', story };
  }
  for (const subscriber of members?.subscribers ?? []) yield { kind: 'subscriber', subscriber };
  yield* redirects;
  yield* members?.skipped ?? [];
  for (const item of [...ghostNotImported(data), ...(members?.notImported ?? [])]) yield { kind: 'not-imported', item };
}

function ghostSite(data: GhostExport): SourceSite {
  const title = (data.settings.title ?? '').trim();
  // The identity must survive a re-export, so it is the site's name, not the file's.
  return { system: 'ghost', baseUrl: siteUrl(data.settings.url), identity: `ghost ${title}`.trim(), title };
}

function siteUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

function ghostPerson(user: UserRow): SourcePerson {
  const slug = user.slug ?? '';
  return {
    sourceId: user.id,
    slug,
    name: user.name ?? slug,
    bio: user.bio ?? '',
    email: user.email ?? '',
    imageUrl: ghostUrl(user.profile_image),
    oldPaths: slug === '' ? [] : [`/author/${slug}/`],
  };
}

/** Ghost has tags only; `#name` tags are internal (Ghost gives them no page, so no old path). */
function ghostTag(tag: TagRow): SourceTerm {
  const name = tag.name ?? tag.slug ?? '';
  const slug = tag.slug ?? '';
  const internal = name.startsWith('#') || tag.visibility === 'internal';
  return {
    sourceId: tag.id,
    kind: 'tag',
    slug,
    name,
    description: tag.description ?? '',
    parentSourceId: null,
    internal,
    oldPaths: internal || slug === '' ? [] : [`/tag/${slug}/`],
  };
}

/** Join rows grouped by post, in `sort_order` (file order where it ties or is missing). */
function byPost<T extends PostAuthorRow | PostTagRow>(rows: T[], target: (row: T) => string): Map<string, string[]> {
  const sorted = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.sort_order ?? 0) - (b.row.sort_order ?? 0) || a.index - b.index);
  const grouped = new Map<string, string[]>();
  for (const { row } of sorted) {
    const list = grouped.get(row.post_id) ?? [];
    const id = target(row);
    if (!list.includes(id)) list.push(id);
    grouped.set(row.post_id, list);
  }
  return grouped;
}
