import { checkStory, type Checklist } from '../content/checklist.js';
import { ownImageTextOf, withOwnImageText } from '../content/lead-image-text.js';
import { documentMediaIds } from '../content/document.js';
import { documentText } from '../render/blocks/document-text.js';
import { parseDocument } from '../content/parse-document.js';
import { mediaByIds, mediaByKeys, type StoryRecord } from '../store/stories/story-repository.js';
import type { EditorialContext } from './editorial-context.js';

/** The pre-publish checklist of a story as saved, with its images as the library has them. */
export async function checklistFor(ctx: EditorialContext, story: StoryRecord): Promise<Checklist> {
  const doc = parseDocument(JSON.parse(story.body));
  const bodyIds = documentMediaIds(doc);
  const [lead] = story.image ? await mediaByKeys(ctx.db, [story.image]) : [];
  const bodyImages = await mediaByIds(ctx.db, bodyIds);
  return checkStory({
    title: story.title,
    hasFormat: story.format !== null,
    sectionCount: story.sections.length,
    authorCount: story.authors.length,
    bodyHasText: documentText(doc).trim().length > 0,
    // The text readers will see: the story's own where it wrote some, else the library's.
    leadImage: lead ? withOwnImageText({ alt: lead.alt, caption: '', credit: lead.credit }, ownImageTextOf(story)) : null,
    bodyImages: bodyImages.map((m) => ({ key: m.key, alt: m.alt })),
    dek: story.dek,
    tagCount: story.tags.length,
    excerpt: story.excerpt,
  });
}
