import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TAG_KINDS, type TagKind } from '../content/tag-kinds.js';
import { AuthorInputSchema, formFields, SectionInputSchema, TagInputSchema, TagMergeSchema } from '../content/taxonomy-input.js';
import { AuthorEditPage, AuthorsPage, type AuthorValues } from '../render/newsroom/authors-page.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { parentOptions, SectionEditPage, SectionsPage, type SectionValues } from '../render/newsroom/sections-page.js';
import { TagEditPage, TagsPage, type TagValues } from '../render/newsroom/tags-page.js';
import {
  findAuthor,
  findSection,
  findTag,
  listAuthors,
  listSections,
  listTags,
  portraitOptions,
  storiesUsing,
} from '../store/taxonomy/taxonomy-repository.js';
import { createAuthor, deleteAuthor, updateAuthor } from '../taxonomy/authors.js';
import { createSection, deleteSection, moveSection, updateSection } from '../taxonomy/sections.js';
import { createTag, deleteTag, mergeTags, updateTag } from '../taxonomy/tags.js';
import { storyCount } from '../content/story-count.js';
import { attempt, bodyOf, fieldErrors, idParam, noticeOf, notFound, queryString, refusal, type FormRefusal } from './manage-form.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// Sections, tags and author profiles (editors and above), written through the services
// in src/taxonomy/ that /api/admin uses too. Every form posts; a refused input
// re-renders its form with the person's values and a 400, and nothing is stored.

const SECTION_KEYS = ['name', 'slug', 'description', 'layout', 'parent'] as const;
const TAG_KEYS = ['name', 'slug', 'kind'] as const;
const AUTHOR_KEYS = ['name', 'slug', 'bio', 'portrait'] as const;
const NOTICES = { created: 'Created.', saved: 'Saved.', deleted: 'Deleted.', moved: 'Order saved.', merged: 'The tags were merged.' };
const KIND_OPTIONS = TAG_KINDS.map((k) => ({ value: k, label: k[0]!.toUpperCase() + k.slice(1) }));

export function registerTaxonomyRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  const guard = (request: FastifyRequest, reply: FastifyReply) =>
    refusal(app, request, reply, 'taxonomy.manage', 'manage sections, tags or authors');
  const actor = (request: FastifyRequest) => actorOf(request.staff!);
  /** A service's refusal as the error page it names, or as the form with its field errors. */
  const answer = (
    reply: FastifyReply,
    refused: FormRefusal,
    what: string,
    form: (errors: FieldError[], status: 400 | 409) => Promise<FastifyReply>,
  ) => {
    if (refused.kind === 'form') return form(refused.errors, refused.status);
    if (refused.status === 404) return notFound(app, reply, what);
    return app.sendErrorPage(reply.code(403), 403, 'Not allowed', `${refused.message} Nothing was changed.`);
  };

  // ---- sections ----------------------------------------------------------------------

  const sectionsPage = async (request: FastifyRequest, reply: FastifyReply, values: SectionValues, errors: FieldError[], status = 200) =>
    sendNewsroomPage(
      deps,
      request,
      reply,
      SectionsPage,
      {
        view: { rows: await listSections(deps.db), values, errors, notice: errors.length ? null : noticeOf(request, NOTICES) },
      },
      status,
    );

  const sectionEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: SectionValues | null,
    errors: FieldError[],
    status = 200,
  ) => {
    const [section, stories, all] = await Promise.all([
      findSection(deps.db, id),
      storiesUsing(deps.db, 'section', id),
      listSections(deps.db),
    ]);
    if (!section) return notFound(app, reply, 'Section');
    return sendNewsroomPage(
      deps,
      request,
      reply,
      SectionEditPage,
      {
        view: {
          id,
          values: values ?? {
            name: section.name,
            slug: section.slug,
            description: section.description,
            layout: section.layout,
            parent: all.find((s) => s.id === section.parent_id)?.slug ?? '',
          },
          parents: parentOptions(all, id),
          stories,
          errors,
          notice: errors.length ? null : noticeOf(request, NOTICES),
        },
      },
      status,
    );
  };

  app.get(
    '/admin/sections',
    async (request, reply) =>
      guard(request, reply) ?? sectionsPage(request, reply, { name: '', slug: '', description: '', layout: 'standard', parent: '' }, []),
  );

  app.post('/admin/sections', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const values = formFields(bodyOf(request), SECTION_KEYS);
    const parsed = SectionInputSchema.safeParse(values);
    if (!parsed.success) return sectionsPage(request, reply, values, fieldErrors(parsed.error), 400);
    const refused = await attempt(() => createSection(deps, actor(request), parsed.data), 'section');
    if (refused) return answer(reply, refused, 'Section', (errors, status) => sectionsPage(request, reply, values, errors, status));
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
    const refused = await attempt(() => updateSection(deps, actor(request), id, parsed.data), 'section');
    if (refused) return answer(reply, refused, 'Section', (errors, status) => sectionEdit(request, reply, id, values, errors, status));
    return reply.redirect(`/admin/sections/${id}?notice=saved`, 303);
  });

  app.post('/admin/sections/:id/move', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    const direction = bodyOf(request).direction;
    if (direction !== 'up' && direction !== 'down') {
      return sectionsPage(
        request,
        reply,
        { name: '', slug: '', description: '', layout: 'standard', parent: '' },
        [{ field: 'direction', message: 'must be up or down' }],
        400,
      );
    }
    if (id === null) return notFound(app, reply, 'Section');
    const refused = await attempt(() => moveSection(deps, actor(request), id, direction), 'section');
    if (refused) return answer(reply, refused, 'Section', async () => notFound(app, reply, 'Section'));
    return reply.redirect('/admin/sections?notice=moved', 303);
  });

  app.post('/admin/sections/:id/delete', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    if (id === null) return notFound(app, reply, 'Section');
    const refused = await attempt(() => deleteSection(deps, actor(request), id), 'section');
    if (refused) return answer(reply, refused, 'Section', (errors, status) => sectionEdit(request, reply, id, null, errors, status));
    return reply.redirect('/admin/sections?notice=deleted', 303);
  });

  // ---- tags --------------------------------------------------------------------------

  const tagsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: {
      values?: TagValues;
      merge?: { from: string; into: string };
      errorsFor?: 'new' | 'merge';
      errors?: FieldError[];
    },
    status = 200,
  ) => {
    const kindRaw = queryString(request, 'kind');
    const kind = TAG_KINDS.includes(kindRaw as TagKind) ? (kindRaw as TagKind) : undefined;
    const q = queryString(request, 'q').trim().slice(0, 200);
    const [rows, all] = await Promise.all([listTags(deps.db, { kind, text: q || undefined }), listTags(deps.db, {})]);
    const errors = form.errors ?? [];
    return sendNewsroomPage(
      deps,
      request,
      reply,
      TagsPage,
      {
        view: {
          filter: { kind: kind ?? '', q },
          kinds: KIND_OPTIONS,
          rows,
          all: all.map((t) => ({ value: t.slug, label: `${t.name} (${t.kind}, ${storyCount(t.stories)})` })),
          values: form.values ?? { name: '', slug: '', kind: 'topic' },
          merge: form.merge ?? { from: '', into: '' },
          errorsFor: form.errorsFor ?? null,
          errors,
          notice: errors.length ? null : noticeOf(request, NOTICES),
        },
      },
      status,
    );
  };

  const tagEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: TagValues | null,
    errors: FieldError[],
    status = 200,
  ) => {
    const [tag, stories] = await Promise.all([findTag(deps.db, id), storiesUsing(deps.db, 'tag', id)]);
    if (!tag) return notFound(app, reply, 'Tag');
    return sendNewsroomPage(
      deps,
      request,
      reply,
      TagEditPage,
      {
        view: {
          id,
          values: values ?? { name: tag.name, slug: tag.slug, kind: tag.kind },
          kinds: KIND_OPTIONS,
          stories,
          errors,
          notice: errors.length ? null : noticeOf(request, NOTICES),
        },
      },
      status,
    );
  };

  app.get('/admin/tags', async (request, reply) => guard(request, reply) ?? tagsPage(request, reply, {}));

  app.post('/admin/tags', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const values = formFields(bodyOf(request), TAG_KEYS);
    const parsed = TagInputSchema.safeParse(values);
    if (!parsed.success) return tagsPage(request, reply, { values, errorsFor: 'new', errors: fieldErrors(parsed.error) }, 400);
    const refused = await attempt(() => createTag(deps, actor(request), parsed.data), 'tag');
    if (refused)
      return answer(reply, refused, 'Tag', (errors, status) => tagsPage(request, reply, { values, errorsFor: 'new', errors }, status));
    return reply.redirect('/admin/tags?notice=created', 303);
  });

  app.post('/admin/tags/merge', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const merge = formFields(bodyOf(request), ['from', 'into'] as const);
    const parsed = TagMergeSchema.safeParse(merge);
    if (!parsed.success) return tagsPage(request, reply, { merge, errorsFor: 'merge', errors: fieldErrors(parsed.error) }, 400);
    const refused = await attempt(() => mergeTags(deps, actor(request), parsed.data), 'tag');
    if (refused)
      return answer(reply, refused, 'Tag', (errors, status) => tagsPage(request, reply, { merge, errorsFor: 'merge', errors }, status));
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
    const refused = await attempt(() => updateTag(deps, actor(request), id, parsed.data), 'tag');
    if (refused) return answer(reply, refused, 'Tag', (errors, status) => tagEdit(request, reply, id, values, errors, status));
    return reply.redirect(`/admin/tags/${id}?notice=saved`, 303);
  });

  app.post('/admin/tags/:id/delete', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    if (id === null) return notFound(app, reply, 'Tag');
    const refused = await attempt(() => deleteTag(deps, actor(request), id), 'tag');
    if (refused) return answer(reply, refused, 'Tag', async () => notFound(app, reply, 'Tag'));
    return reply.redirect('/admin/tags?notice=deleted', 303);
  });

  // ---- authors -----------------------------------------------------------------------

  const portraits = async () => (await portraitOptions(deps.db)).map((m) => ({ value: m.key, label: m.alt || m.original_name || m.key }));

  const authorsPage = async (request: FastifyRequest, reply: FastifyReply, values: AuthorValues, errors: FieldError[], status = 200) => {
    const [rows, options] = await Promise.all([listAuthors(deps.db), portraits()]);
    return sendNewsroomPage(
      deps,
      request,
      reply,
      AuthorsPage,
      {
        view: {
          rows: rows.map((r) => ({
            id: r.id,
            name: r.name,
            slug: r.slug,
            stories: r.stories,
            staff: r.staff.map((s) => s.name),
            portrait: !!r.portrait,
          })),
          portraits: options,
          values,
          errors,
          notice: errors.length ? null : noticeOf(request, NOTICES),
        },
      },
      status,
    );
  };

  const authorEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: AuthorValues | null,
    errors: FieldError[],
    status = 200,
  ) => {
    const [author, stories, options] = await Promise.all([findAuthor(deps.db, id), storiesUsing(deps.db, 'author', id), portraits()]);
    if (!author) return notFound(app, reply, 'Author');
    return sendNewsroomPage(
      deps,
      request,
      reply,
      AuthorEditPage,
      {
        view: {
          id,
          values: values ?? { name: author.name, slug: author.slug, bio: author.bio, portrait: author.portrait ?? '' },
          portraits: options,
          stories,
          staff: author.staff.map((s) => s.name),
          errors,
          notice: errors.length ? null : noticeOf(request, NOTICES),
        },
      },
      status,
    );
  };

  app.get(
    '/admin/authors',
    async (request, reply) => guard(request, reply) ?? authorsPage(request, reply, { name: '', slug: '', bio: '', portrait: '' }, []),
  );

  app.post('/admin/authors', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const values = formFields(bodyOf(request), AUTHOR_KEYS);
    const parsed = AuthorInputSchema.safeParse(values);
    if (!parsed.success) return authorsPage(request, reply, values, fieldErrors(parsed.error), 400);
    const refused = await attempt(() => createAuthor(deps, actor(request), parsed.data), 'author');
    if (refused) return answer(reply, refused, 'Author', (errors, status) => authorsPage(request, reply, values, errors, status));
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
    const refused = await attempt(() => updateAuthor(deps, actor(request), id, parsed.data), 'author');
    if (refused) return answer(reply, refused, 'Author', (errors, status) => authorEdit(request, reply, id, values, errors, status));
    return reply.redirect(`/admin/authors/${id}?notice=saved`, 303);
  });

  app.post('/admin/authors/:id/delete', async (request, reply) => {
    const id = idParam(request);
    const no = guard(request, reply);
    if (no) return no;
    if (id === null) return notFound(app, reply, 'Author');
    const refused = await attempt(() => deleteAuthor(deps, actor(request), id), 'author');
    if (refused) return answer(reply, refused, 'Author', (errors, status) => authorEdit(request, reply, id, null, errors, status));
    return reply.redirect('/admin/authors?notice=deleted', 303);
  });
}
