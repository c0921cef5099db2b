import { wallTimeToUtc } from '../content/zoned-time.js';

// The editor form (urlencoded, or the same fields as JSON from autosave) turned into the
// shape StoryPatchSchema validates. Multi-selects arrive as a string or a list; empty
// inputs mean "none". Anything not listed here is dropped before validation, so unknown
// form fields never reach the story.

type FormBody = Record<string, unknown>;

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export interface FormProblem {
  field: string;
  message: string;
}

export function storyPatchFromForm(body: FormBody, zone: string): { patch: Record<string, unknown>; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const patch: Record<string, unknown> = {};
  for (const key of ['title', 'dek', 'excerpt', 'seo_title', 'seo_description'] as const) {
    const value = str(body[key]);
    if (value !== undefined) patch[key] = value.replace(/\r\n/g, '\n');
  }
  const slug = str(body.slug)?.trim();
  if (slug) patch.slug = slug;
  if ('format' in body) patch.format = str(body.format) || null;
  if ('primary_section' in body || 'sections' in body) {
    const primary = str(body.primary_section);
    const others = list(body.sections).filter((s) => s !== primary);
    patch.sections = primary ? [primary, ...others] : others;
  }
  if ('authors' in body || 'title' in body) patch.authors = list(body.authors);
  if ('tags' in body || 'title' in body) patch.tags = list(body.tags);
  if ('image' in body) patch.image = str(body.image) || null;
  // The story's own text for its lead image; empty keeps the library's.
  for (const key of ['image_alt', 'image_caption', 'image_credit'] as const) if (key in body) patch[key] = str(body[key])?.trim() || null;
  const newTags = (str(body.new_tags) ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (newTags.length) patch.new_tags = newTags.map((name) => ({ name, kind: str(body.new_tag_kind) ?? 'topic' }));
  if ('body' in body) {
    const raw = body.body;
    if (typeof raw === 'string') {
      try {
        patch.body = raw.trim() ? JSON.parse(raw) : { type: 'doc', content: [] };
      } catch {
        problems.push({ field: 'body', message: 'the body could not be read; nothing was saved' });
      }
    } else if (raw && typeof raw === 'object') patch.body = raw;
  }
  if ('unpublish_at' in body) {
    const wall = str(body.unpublish_at) ?? '';
    if (!wall) patch.unpublish_at = null;
    else {
      const utc = wallTimeToUtc(wall, zone);
      if (utc) patch.unpublish_at = utc;
      else problems.push({ field: 'unpublish_at', message: 'must be a date and time' });
    }
  }
  const revision = Number(str(body.revision) ?? body.revision);
  if (Number.isSafeInteger(revision) && revision > 0) patch.revision = revision;
  return { patch, problems };
}
