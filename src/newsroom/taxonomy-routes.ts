import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TAG_KINDS, type TagKind } from '../content/tag-kinds.js';
import { AuthorInputSchema, formFields, SectionInputSchema, TagInputSchema, TagMergeSchema } from '../content/taxonomy-input.js';
import { AuthorEditPage, AuthorsPage, type AuthorValues } from '../render/newsroom/authors-page.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { SectionEditPage, SectionsPage, type SectionValues } from '../render/newsroom/sections-page.js';
import { TagEditPage, TagsPage, type TagValues } from '../render/newsroom/tags-page.js';
import {
  createAuthor, createTag, deleteAuthor, deleteSection, deleteTag, findAuthor, findSection, findTag, insertSection, listAuthors,
  listSections, listTags, mergeTags, moveSection, portraitOptions, storiesUsing, updateAuthor, updateSection, updateTag, type WriteResult,
} from '../store/taxonomy-repository.js';
import { bodyOf, fieldErrors, idParam, noticeOf, notFound, queryString, refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// Sections, tags and author profiles (editors and above). Every form posts; a refused
// input re-renders its form with the person's values and a 400, and nothing is stored.

const SECTION_KEYS = ['name', 'slug', 'description', 'layout'] as const;
const TAG_KEYS = ['name', 'slug', 'kind'] as const;
const AUTHOR_KEYS = ['name', 'slug', 'bio', 'portrait'] as const;
const NOTICES = { created: 'Created.', saved: 'Saved.', deleted: 'Deleted.', moved: 'Order saved.', merged: 'The tags were merged.' };
const KIND_OPTIONS = TAG_KINDS.map((k) => ({ value: k, label: k[0]!.toUpperCase() + k.slice(1) }));

/** A store refusal as the field error the form shows. */
function resultErrors(result: WriteResult, noun: string): FieldError[] {
  if (result.ok) return [];
  if (result.reason === 'slug-taken') return [{ field: 'slug', message: `is already used by another ${noun}` }];
  if (result.reason === 'no-portrait') return [{ field: 'portrait', message: 'is not in the media library' }];
  if (result.reason === 'in-use') return [{ field: noun, message: `is used by ${result.count === 1 ? '1 story' : `${result.count} stories`} and cannot be deleted` }];
  return [{ field: noun, message: 'no longer exists' }];
}

export function registerTaxonomyRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  const guard = (request: FastifyRequest, reply: FastifyReply) => refusal(app, request, reply, 'taxonomy.manage', 'manage sections, tags or authors');

  // ---- sections ----------------------------------------------------------------------

  const sectionsPage = async (request: FastifyRequest, reply: FastifyReply, values: SectionValues, errors: FieldError[], status = 200) =>
    sendNewsroomPage(deps, request, reply, SectionsPage, {
      view: { rows: await listSections(deps.db), values, errors, notice: errors.length ? null : noticeOf(request, NOTICES) },
    }, status);

  const sectionEdit = async (request: FastifyRequest, reply: FastifyReply, id: number, values: SectionValues | null, errors: FieldError[], status = 200) => {
    const [section, stories] = await Promise.all([findSection(deps.db, id), storiesUsing(deps.db, 'section', id)]);
    if (!section) return notFound(app, reply, 'Section');
    return sendNewsroomPage(deps, request, reply, SectionEditPage, {
      view: {
        id, values: values ?? { name: section.name, slug: section.slug, description: section.description, layout: section.layout },
        stories, errors, notice: errors.length ? null : noticeOf(request, NOTICES),
      },
    }, status);
  };

  app.get('/admin/sections', async (request, reply) => guard(request, reply)
    ?? sectionsPage(request, reply, { name: '', slug: '', description: '', layout: 'standard' }, []));

  app.post('/admin/sections', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const values = formFields(bodyOf(request), SECTION_KEYS);
    const parsed = SectionInputSchema.safeParse(values);
    if (!parsed.success) return sectionsPage(request, reply, values, fieldErrors(parsed.error), 400);
    const result = await insertSection(deps.db, parsed.data);
    if (!result.ok) return sectionsPage(request, reply, values, resultErrors(result, 'section'), 400);
    return reply.redirect('/admin/sections?notice=created', 303);
  });

  app.get('/admin/sections/:id', async (request, reply) => {
    const id = idParam(request);
    return guard(request, reply) ?? (id === null ? notFound(app, reply, 'Section') : sectionEdit(request, reply, id, null, []));
  });

  app.post('/admin/sections/:id', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    if (id === null) return notFound(app, reply, 'Section');
    const values = formFields(bodyOf(request), SECTION_KEYS);
    const parsed = SectionInputSchema.safeParse(values);
    if (!parsed.success) return sectionEdit(request, reply, id, values, fieldErrors(parsed.error), 400);
    const result = await updateSection(deps.db, id, parsed.data);
    if (!result.ok) return result.reason === 'missing' ? notFound(app, reply, 'Section') : sectionEdit(request, reply, id, values, resultErrors(result, 'section'), 400);
    return reply.redirect(`/admin/sections/${id}?notice=saved`, 303);
  });

  app.post('/admin/sections/:id/move', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    const direction = bodyOf(request).direction;
    if (direction !== 'up' && direction !== 'down') {
      return sectionsPage(request, reply, { name: '', slug: '', description: '', layout: 'standard' }, [{ field: 'direction', message: 'must be up or down' }], 400);
    }
    if (id === null || !(await moveSection(deps.db, id, direction)).ok) return notFound(app, reply, 'Section');
    return reply.redirect('/admin/sections?notice=moved', 303);
  });

  app.post('/admin/sections/:id/delete', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    if (id === null) return notFound(app, reply, 'Section');
    const result = await deleteSection(deps.db, id);
    if (!result.ok) return result.reason === 'missing' ? notFound(app, reply, 'Section') : sectionEdit(request, reply, id, null, resultErrors(result, 'section'), 409);
    return reply.redirect('/admin/sections?notice=deleted', 303);
  });

  // ---- tags --------------------------------------------------------------------------

  const tagsPage = async (request: FastifyRequest, reply: FastifyReply, form: {
    values?: TagValues; merge?: { from: string; into: string }; errorsFor?: 'new' | 'merge'; errors?: FieldError[];
  }, status = 200) => {
    const kindRaw = queryString(request, 'kind');
    const kind = TAG_KINDS.includes(kindRaw as TagKind) ? (kindRaw as TagKind) : undefined;
    const q = queryString(request, 'q').trim().slice(0, 200);
    const [rows, all] = await Promise.all([listTags(deps.db, { kind, text: q || undefined }), listTags(deps.db, {})]);
    const errors = form.errors ?? [];
    return sendNewsroomPage(deps, request, reply, TagsPage, {
      view: {
        filter: { kind: kind ?? '', q }, kinds: KIND_OPTIONS, rows,
        all: all.map((t) => ({ value: t.slug, label: `${t.name} (${t.kind}, ${t.stories === 1 ? '1 story' : `${t.stories} stories`})` })),
        values: form.values ?? { name: '', slug: '', kind: 'topic' }, merge: form.merge ?? { from: '', into: '' },
        errorsFor: form.errorsFor ?? null, errors, notice: errors.length ? null : noticeOf(request, NOTICES),
      },
    }, status);
  };

  const tagEdit = async (request: FastifyRequest, reply: FastifyReply, id: number, values: TagValues | null, errors: FieldError[], status = 200) => {
    const [tag, stories] = await Promise.all([findTag(deps.db, id), storiesUsing(deps.db, 'tag', id)]);
    if (!tag) return notFound(app, reply, 'Tag');
    return sendNewsroomPage(deps, request, reply, TagEditPage, {
      view: {
        id, values: values ?? { name: tag.name, slug: tag.slug, kind: tag.kind }, kinds: KIND_OPTIONS, stories,
        errors, notice: errors.length ? null : noticeOf(request, NOTICES),
      },
    }, status);
  };

  app.get('/admin/tags', async (request, reply) => guard(request, reply) ?? tagsPage(request, reply, {}));

  app.post('/admin/tags', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const values = formFields(bodyOf(request), TAG_KEYS);
    const parsed = TagInputSchema.safeParse(values);
    if (!parsed.success) return tagsPage(request, reply, { values, errorsFor: 'new', errors: fieldErrors(parsed.error) }, 400);
    const result = await createTag(deps.db, parsed.data);
    if (!result.ok) return tagsPage(request, reply, { values, errorsFor: 'new', errors: resultErrors(result, 'tag') }, 400);
    return reply.redirect('/admin/tags?notice=created', 303);
  });

  app.post('/admin/tags/merge', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const merge = formFields(bodyOf(request), ['from', 'into'] as const);
    const parsed = TagMergeSchema.safeParse(merge);
    if (!parsed.success) return tagsPage(request, reply, { merge, errorsFor: 'merge', errors: fieldErrors(parsed.error) }, 400);
    const result = await mergeTags(deps.db, deps.dialect, parsed.data.from, parsed.data.into);
    if (!result.ok) {
      return tagsPage(request, reply, { merge, errorsFor: 'merge', errors: result.missing.map((field) => ({ field, message: 'is not an existing tag' })) }, 400);
    }
    return reply.redirect('/admin/tags?notice=merged', 303);
  });

  app.get('/admin/tags/:id', async (request, reply) => {
    const id = idParam(request);
    return guard(request, reply) ?? (id === null ? notFound(app, reply, 'Tag') : tagEdit(request, reply, id, null, []));
  });

  app.post('/admin/tags/:id', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    if (id === null) return notFound(app, reply, 'Tag');
    const values = formFields(bodyOf(request), TAG_KEYS);
    const parsed = TagInputSchema.safeParse(values);
    if (!parsed.success) return tagEdit(request, reply, id, values, fieldErrors(parsed.error), 400);
    const result = await updateTag(deps.db, deps.dialect, id, parsed.data);
    if (!result.ok) return result.reason === 'missing' ? notFound(app, reply, 'Tag') : tagEdit(request, reply, id, values, resultErrors(result, 'tag'), 400);
    return reply.redirect(`/admin/tags/${id}?notice=saved`, 303);
  });

  app.post('/admin/tags/:id/delete', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    if (id === null || !(await deleteTag(deps.db, deps.dialect, id)).ok) return notFound(app, reply, 'Tag');
    return reply.redirect('/admin/tags?notice=deleted', 303);
  });

  // ---- authors -----------------------------------------------------------------------

  const portraits = async () => (await portraitOptions(deps.db)).map((m) => ({ value: m.key, label: m.alt || m.original_name || m.key }));

  const authorsPage = async (request: FastifyRequest, reply: FastifyReply, values: AuthorValues, errors: FieldError[], status = 200) => {
    const [rows, options] = await Promise.all([listAuthors(deps.db), portraits()]);
    return sendNewsroomPage(deps, request, reply, AuthorsPage, {
      view: {
        rows: rows.map((r) => ({ id: r.id, name: r.name, slug: r.slug, stories: r.stories, staff: r.staff.map((s) => s.name), portrait: !!r.portrait })),
        portraits: options, values, errors, notice: errors.length ? null : noticeOf(request, NOTICES),
      },
    }, status);
  };

  const authorEdit = async (request: FastifyRequest, reply: FastifyReply, id: number, values: AuthorValues | null, errors: FieldError[], status = 200) => {
    const [author, stories, options] = await Promise.all([findAuthor(deps.db, id), storiesUsing(deps.db, 'author', id), portraits()]);
    if (!author) return notFound(app, reply, 'Author');
    return sendNewsroomPage(deps, request, reply, AuthorEditPage, {
      view: {
        id, values: values ?? { name: author.name, slug: author.slug, bio: author.bio, portrait: author.portrait ?? '' }, portraits: options,
        stories, staff: author.staff.map((s) => s.name),
        errors, notice: errors.length ? null : noticeOf(request, NOTICES),
      },
    }, status);
  };

  app.get('/admin/authors', async (request, reply) => guard(request, reply)
    ?? authorsPage(request, reply, { name: '', slug: '', bio: '', portrait: '' }, []));

  app.post('/admin/authors', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const values = formFields(bodyOf(request), AUTHOR_KEYS);
    const parsed = AuthorInputSchema.safeParse(values);
    if (!parsed.success) return authorsPage(request, reply, values, fieldErrors(parsed.error), 400);
    const result = await createAuthor(deps.db, parsed.data);
    if (!result.ok) return authorsPage(request, reply, values, resultErrors(result, 'author'), 400);
    return reply.redirect('/admin/authors?notice=created', 303);
  });

  app.get('/admin/authors/:id', async (request, reply) => {
    const id = idParam(request);
    return guard(request, reply) ?? (id === null ? notFound(app, reply, 'Author') : authorEdit(request, reply, id, null, []));
  });

  app.post('/admin/authors/:id', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    if (id === null) return notFound(app, reply, 'Author');
    const values = formFields(bodyOf(request), AUTHOR_KEYS);
    const parsed = AuthorInputSchema.safeParse(values);
    if (!parsed.success) return authorEdit(request, reply, id, values, fieldErrors(parsed.error), 400);
    const result = await updateAuthor(deps.db, deps.dialect, id, parsed.data);
    if (!result.ok) return result.reason === 'missing' ? notFound(app, reply, 'Author') : authorEdit(request, reply, id, values, resultErrors(result, 'author'), 400);
    return reply.redirect(`/admin/authors/${id}?notice=saved`, 303);
  });

  app.post('/admin/authors/:id/delete', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    if (id === null) return notFound(app, reply, 'Author');
    const result = await deleteAuthor(deps.db, id);
    if (!result.ok) return result.reason === 'missing' ? notFound(app, reply, 'Author') : authorEdit(request, reply, id, null, resultErrors(result, 'author'), 409);
    return reply.redirect('/admin/authors?notice=deleted', 303);
  });
}
