import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../content/policy.js';
import { slugify } from '../content/slug.js';
import { describeIssues } from '../content/story-input.js';
import { TagInputSchema } from '../content/taxonomy-input.js';
import { NewsroomError } from '../editorial/newsroom-error.js';
import { searchAuthorOptions, searchTagOptions, tagBySlug, type TaxonomyOption } from '../store/taxonomy/taxonomy-options.js';
import { createTag } from '../taxonomy/tags.js';
import { actorOf, type NewsroomDeps } from './newsroom-app.js';

// The story editor's pickers (src/client/newsroom/combobox.ts) search tags and author
// profiles here as the writer types, twenty at a time, so the page never carries every
// tag. "Create tag 'X' as a place" posts here too and goes through the same tag service
// as the Tags screen and /api/admin/tags; a name whose tag already exists answers that tag.

const PICKER_PAGE = 20;

/** What a picker shows: the value the form posts, and the label, as the editor page's own options. */
const tagOption = (t: TaxonomyOption) => ({ value: t.slug, label: `${t.name} (${t.kind})`, name: t.name, kind: t.kind });
const authorOption = (a: TaxonomyOption) => ({ value: a.slug, label: a.name, name: a.name });

const queryText = (request: FastifyRequest): string => {
  const q = (request.query as { q?: unknown }).q;
  return typeof q === 'string' ? q.slice(0, 120) : '';
};

const refuse = (reply: FastifyReply, status: number, code: string, message: string, details?: unknown) =>
  reply
    .code(status)
    .header('Cache-Control', 'private, no-store')
    .send({ error: { code, message, ...(details ? { details } : {}) } });

export function registerPickerRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  const writer = (request: FastifyRequest) => can(actorOf(request.staff!), 'story.create');

  app.get('/admin/tags.json', async (request, reply) => {
    if (!writer(request)) return refuse(reply, 403, 'FORBIDDEN', 'Your role cannot tag stories.');
    const rows = await searchTagOptions(deps.db, queryText(request), PICKER_PAGE);
    return reply.header('Cache-Control', 'private, no-store').send({ items: rows.map(tagOption) });
  });

  app.get('/admin/authors.json', async (request, reply) => {
    if (!writer(request)) return refuse(reply, 403, 'FORBIDDEN', 'Your role cannot edit bylines.');
    const rows = await searchAuthorOptions(deps.db, queryText(request), PICKER_PAGE);
    return reply.header('Cache-Control', 'private, no-store').send({ items: rows.map(authorOption) });
  });

  app.post('/admin/tags.json', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name && !slugify(name)) return refuse(reply, 400, 'INVALID', 'The tag was not created: its name needs a letter or a digit.');
    const parsed = TagInputSchema.safeParse({ name, slug: slugify(name) || '-', kind: body.kind });
    if (!parsed.success) {
      const details = describeIssues(parsed.error);
      return refuse(
        reply,
        400,
        'INVALID',
        `The tag was not created: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}.`,
        details,
      );
    }
    const existing = await tagBySlug(deps.db, parsed.data.slug);
    if (existing) return reply.header('Cache-Control', 'private, no-store').send({ item: tagOption(existing), created: false });
    try {
      await createTag(deps, actorOf(request.staff!), parsed.data);
    } catch (error) {
      if (!(error instanceof NewsroomError)) throw error;
      // Someone made the same tag a moment ago: that tag is the answer.
      const raced = error.code === 'SLUG_TAKEN' ? await tagBySlug(deps.db, parsed.data.slug) : undefined;
      if (raced) return reply.header('Cache-Control', 'private, no-store').send({ item: tagOption(raced), created: false });
      return refuse(reply, error.status, error.code, error.message, error.details);
    }
    const made = (await tagBySlug(deps.db, parsed.data.slug))!;
    return reply
      .code(201)
      .header('Cache-Control', 'private, no-store')
      .send({ item: tagOption(made), created: true });
  });
}
