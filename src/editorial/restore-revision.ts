import type { Actor } from '../content/policy.js';
import { parseDocument } from '../content/parse-document.js';
import { revisionSnapshot, type StoryRecord } from '../store/stories/story-repository.js';
import { storyFor, type EditorialContext } from './editorial-context.js';
import { notFound } from './newsroom-error.js';
import type { StorySnapshot } from './story-snapshot.js';
import { updateStory } from './update-story.js';

/** Puts an earlier version back as a new revision: history is never rewritten. */
export async function restoreRevision(ctx: EditorialContext, actor: Actor, id: number, revisionId: number, at: Date): Promise<StoryRecord> {
  const current = await storyFor(ctx, actor, id, 'restore');
  const stored = await revisionSnapshot(ctx.db, id, revisionId);
  if (stored === undefined) throw notFound('revision');
  const snapshot = JSON.parse(stored) as StorySnapshot;
  return updateStory(
    ctx,
    actor,
    id,
    {
      title: snapshot.title,
      dek: snapshot.dek,
      slug: snapshot.slug,
      format: snapshot.format,
      sections: snapshot.sections,
      tags: snapshot.tags,
      authors: snapshot.authors,
      image: snapshot.image,
      image_alt: snapshot.image_alt ?? null,
      image_caption: snapshot.image_caption ?? null,
      image_credit: snapshot.image_credit ?? null,
      body: { ...parseDocument(snapshot.body) },
      excerpt: snapshot.excerpt,
      seo_title: snapshot.seo_title,
      seo_description: snapshot.seo_description,
      related: snapshot.related,
      revision: current.revision,
    },
    at,
  );
}
