import type { z } from 'zod';
import { MoveSchema, NoteSchema, StoryPatchSchema } from '../content/story-input.js';
import {
  AdminStoryQuerySchema,
  AuthorPatchSchema,
  ContentOneQuerySchema,
  ContentPageQuerySchema,
  ContentStoryQuerySchema,
  MediaFieldsSchema,
  MediaQuerySchema,
  NewAuthorSchema,
  NewSectionSchema,
  NewStorySchema,
  NewTagSchema,
  PageQuerySchema,
  SectionPatchSchema,
  TagPatchSchema,
} from './api-input.js';
import { toJsonSchema, type JsonSchema } from './zod-json-schema.js';

// The OpenAPI 3.1 description served at /api/docs. Request bodies and query parameters
// come from the zod schemas that validate them; the answers are described by hand.
// src/api/openapi.test.ts checks that every registered /api route is in here.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
const nullable = (type: string) => ({ type: [type, 'null'] });
const str = { type: 'string' };
const int = { type: 'integer' };

function queryParams(schema: z.AnyZodObject): JsonSchema[] {
  const object = toJsonSchema(schema) as { properties: Record<string, JsonSchema> };
  return Object.entries(object.properties).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }));
}

const pathParam = (name: string, schema: JsonSchema) => ({ name, in: 'path', required: true, schema });
const ID = pathParam('id', { type: 'integer', minimum: 1 });
const SLUG = pathParam('slug', { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' });
const KEY = pathParam('key', str);

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/E${status}` }]));
const ok = (description: string, schema: JsonSchema, status = '200') => ({ [status]: { description, ...json(schema) } });
const pageOf = (item: string) => ({ allOf: [ref('Page'), { type: 'object', properties: { data: { type: 'array', items: ref(item) } } }] });

const ADMIN = [{ adminKey: [] }, { session: [] }];
const CONTENT = [{ contentKey: [] }, { contentKeyQuery: [] }];
const ADMIN_ERRORS = errors(400, 401, 403, 429);

function taxonomyPaths(plural: string, one: string, schema: string, create: z.ZodTypeAny, patch: z.ZodTypeAny, paginated: boolean) {
  return {
    [`/api/admin/${plural}`]: {
      get: {
        tags: ['admin'],
        summary: `List ${plural}`,
        security: ADMIN,
        parameters: paginated ? queryParams(PageQuerySchema) : [],
        responses: {
          ...ok(
            `The ${plural}`,
            paginated ? pageOf(schema) : { type: 'object', properties: { data: { type: 'array', items: ref(schema) } } },
          ),
          ...ADMIN_ERRORS,
        },
      },
      post: {
        tags: ['admin'],
        summary: `Create a ${one}`,
        security: ADMIN,
        requestBody: { required: true, ...json(toJsonSchema(create)) },
        responses: { ...ok(`The new ${one}`, ref(schema), '201'), ...ADMIN_ERRORS, ...errors(409) },
      },
    },
    [`/api/admin/${plural}/{slug}`]: {
      parameters: [SLUG],
      get: {
        tags: ['admin'],
        summary: `One ${one}`,
        security: ADMIN,
        responses: { ...ok(`The ${one}`, ref(schema)), ...ADMIN_ERRORS, ...errors(404) },
      },
      patch: {
        tags: ['admin'],
        summary: `Change a ${one} (its slug is fixed)`,
        security: ADMIN,
        requestBody: { required: true, ...json(toJsonSchema(patch)) },
        responses: { ...ok(`The changed ${one}`, ref(schema)), ...ADMIN_ERRORS, ...errors(404) },
      },
      delete:
        one === 'tag'
          ? {
              tags: ['admin'],
              summary: 'Delete a tag; the stories that carried it lose it',
              security: ADMIN,
              responses: { 204: { description: 'Deleted' }, ...ADMIN_ERRORS, ...errors(404) },
            }
          : {
              tags: ['admin'],
              summary: `Delete a ${one} no story uses`,
              security: ADMIN,
              responses: { 204: { description: 'Deleted' }, ...ADMIN_ERRORS, ...errors(404, 409) },
            },
    },
  };
}

const mediaSchema = {
  type: 'object',
  properties: {
    id: { ...str, description: "The media key (the bundle's media id); stories name it in `image`." },
    media_id: { ...int, description: 'The numeric id image nodes in a body use (attrs.mediaId).' },
    url: str,
    mime: str,
    width: int,
    height: int,
    alt: str,
    caption: str,
    credit: str,
    variants: {
      type: 'array',
      items: { type: 'object', properties: { format: { enum: ['avif', 'webp', 'jpeg'] }, width: int, height: int, url: str } },
    },
    status: { enum: ['processing', 'ready', 'failed'] },
    original_name: str,
    byte_size: int,
    created_at: str,
  },
};

export function openApiDocument(siteUrl: string) {
  const taxonomy = { type: 'object', properties: { slug: str, name: str, url: str } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Masthead API',
      version: '1',
      description:
        'The newsroom API (/api/admin, admin key or staff session) and the read-only content API (/api/content, content key). ' +
        'Errors are `{ "error": { "code", "message", "details"? } }`; a rejected request changes nothing. ' +
        'An admin key acts as a system actor with the rights of the admin role. ' +
        'Cookie sessions must send the site Origin and an X-CSRF-Token header on POST, PATCH and DELETE.',
    },
    servers: [{ url: siteUrl }],
    paths: {
      '/api/docs': { get: { tags: ['docs'], summary: 'This document', security: [], responses: ok('OpenAPI 3.1', { type: 'object' }) } },
      '/api/docs.json': {
        get: {
          tags: ['docs'],
          summary: 'This document (same as /api/docs)',
          security: [],
          responses: ok('OpenAPI 3.1', { type: 'object' }),
        },
      },
      '/api/admin/articles': {
        get: {
          tags: ['admin'],
          summary: 'List stories (contributors and authors see their own)',
          security: ADMIN,
          parameters: queryParams(AdminStoryQuerySchema),
          responses: { ...ok('A page of stories', pageOf('ArticleSummary')), ...ADMIN_ERRORS },
        },
        post: {
          tags: ['admin'],
          summary: 'Create a story: a draft, or published or scheduled at once with `status`',
          description:
            'Without `status` (or with "draft") the story is a draft. "published" makes the same publish move as ' +
            'POST /api/admin/articles/{id}/moves, "scheduled" the schedule move for `publish_at` (required then, refused ' +
            'otherwise). Both pass the pre-publish checklist first: when it blocks, the answer is 422 `CHECKLIST` with the ' +
            'missing items in `details.missing`, and nothing is stored. A role that may not publish gets 403 and nothing is stored.',
          security: ADMIN,
          requestBody: { required: true, ...json(toJsonSchema(NewStorySchema)) },
          responses: { ...ok('The new story', ref('Article'), '201'), ...ADMIN_ERRORS, ...errors(422) },
        },
      },
      '/api/admin/articles/{id}': {
        parameters: [ID],
        get: {
          tags: ['admin'],
          summary: 'One story',
          security: ADMIN,
          responses: { ...ok('The story', ref('Article')), ...ADMIN_ERRORS, ...errors(404) },
        },
        patch: {
          tags: ['admin'],
          summary: 'Change a story; send `revision` to be told (409) when someone else saved first',
          security: ADMIN,
          requestBody: { required: true, ...json(toJsonSchema(StoryPatchSchema)) },
          responses: { ...ok('The saved story', ref('Article')), ...ADMIN_ERRORS, ...errors(404, 409) },
        },
        delete: {
          tags: ['admin'],
          summary: 'Delete a story',
          security: ADMIN,
          responses: { 204: { description: 'Deleted' }, ...ADMIN_ERRORS, ...errors(404) },
        },
      },
      '/api/admin/articles/{id}/moves': {
        parameters: [ID],
        post: {
          tags: ['admin'],
          summary: 'Move a story through the workflow (submit, return, publish, schedule, unschedule, unpublish)',
          security: ADMIN,
          requestBody: { required: true, ...json(toJsonSchema(MoveSchema)) },
          responses: { ...ok('The moved story', ref('Article')), ...ADMIN_ERRORS, ...errors(404, 409, 422) },
        },
      },
      '/api/admin/articles/{id}/notes': {
        parameters: [ID],
        post: {
          tags: ['admin'],
          summary: 'Add a dated update or correction note to a published story',
          security: ADMIN,
          requestBody: { required: true, ...json(toJsonSchema(NoteSchema)) },
          responses: { ...ok('The story', ref('Article'), '201'), ...ADMIN_ERRORS, ...errors(404, 409) },
        },
      },
      ...taxonomyPaths('sections', 'section', 'Section', NewSectionSchema, SectionPatchSchema, false),
      ...taxonomyPaths('tags', 'tag', 'Tag', NewTagSchema, TagPatchSchema, true),
      ...taxonomyPaths('authors', 'author', 'Author', NewAuthorSchema, AuthorPatchSchema, true),
      '/api/admin/media': {
        get: {
          tags: ['admin'],
          summary: 'The media library, newest first; `q` searches key, file name, alt, caption and credit',
          security: ADMIN,
          parameters: queryParams(MediaQuerySchema),
          responses: { ...ok('A page of images', pageOf('Media')), ...ADMIN_ERRORS },
        },
        post: {
          tags: ['admin'],
          summary: 'Upload an image (JPEG, PNG, WebP, AVIF or GIF, recognised by content; at most 20 MB; SVG refused)',
          security: ADMIN,
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  additionalProperties: false,
                  properties: {
                    file: { type: 'string', contentMediaType: 'application/octet-stream' },
                    ...(toJsonSchema(MediaFieldsSchema).properties as object),
                  },
                },
              },
            },
          },
          responses: { ...ok('The stored image with its variants', ref('Media'), '201'), ...ADMIN_ERRORS, ...errors(413, 415) },
        },
      },
      '/api/admin/media/{key}': {
        parameters: [KEY],
        get: {
          tags: ['admin'],
          summary: 'One image',
          security: ADMIN,
          responses: { ...ok('The image', ref('Media')), ...ADMIN_ERRORS, ...errors(404) },
        },
        patch: {
          tags: ['admin'],
          summary: 'Change alt text, caption or credit',
          security: ADMIN,
          requestBody: { required: true, ...json(toJsonSchema(MediaFieldsSchema)) },
          responses: { ...ok('The image', ref('Media')), ...ADMIN_ERRORS, ...errors(404) },
        },
      },
      '/api/content/articles': {
        get: {
          tags: ['content'],
          summary: 'Published stories, newest first (`q`: headline match)',
          security: CONTENT,
          parameters: queryParams(ContentStoryQuerySchema),
          responses: { ...ok('A page of stories', pageOf('ContentArticleSummary')), ...errors(304, 400, 401, 429) },
        },
      },
      '/api/content/articles/{slug}': {
        parameters: [SLUG],
        get: {
          tags: ['content'],
          summary: 'One published story with its body as HTML and as the structured document',
          security: CONTENT,
          parameters: queryParams(ContentOneQuerySchema),
          responses: { ...ok('The story', ref('ContentArticle')), ...errors(304, 400, 401, 404, 429) },
        },
      },
      '/api/content/sections': {
        get: {
          tags: ['content'],
          summary: 'Sections in site order',
          security: CONTENT,
          parameters: queryParams(ContentOneQuerySchema),
          responses: {
            ...ok('The sections', { type: 'object', properties: { data: { type: 'array', items: ref('Section') } } }),
            ...errors(304, 400, 401, 429),
          },
        },
      },
      '/api/content/tags': {
        get: {
          tags: ['content'],
          summary: 'Tags by name',
          security: CONTENT,
          parameters: queryParams(ContentPageQuerySchema),
          responses: { ...ok('A page of tags', pageOf('Tag')), ...errors(304, 400, 401, 429) },
        },
      },
      '/api/content/authors': {
        get: {
          tags: ['content'],
          summary: 'Authors by name',
          security: CONTENT,
          parameters: queryParams(ContentPageQuerySchema),
          responses: { ...ok('A page of authors', pageOf('Author')), ...errors(304, 400, 401, 429) },
        },
      },
    },
    components: {
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'An admin key from `npx masthead apikey create --scope admin`.' },
        contentKey: { type: 'http', scheme: 'bearer', description: 'A content (or admin) key.' },
        contentKeyQuery: { type: 'apiKey', in: 'query', name: 'key' },
        session: { type: 'apiKey', in: 'cookie', name: 'masthead_session', description: '`__Host-masthead_session` on https.' },
      },
      responses: Object.fromEntries(
        [
          [304, 'Not modified (If-None-Match matched the ETag)'],
          [400, 'Invalid request; details name each field'],
          [401, 'No valid key or session'],
          [403, 'Not allowed for this key or role, or CSRF check failed'],
          [404, 'Not found (or not visible to you)'],
          [409, 'Conflict: someone else saved first, the slug is taken, or it is still in use'],
          [413, 'Upload larger than 20 MB'],
          [415, 'Not an accepted image type'],
          [422, 'The pre-publish checklist is not met'],
          [429, 'Too many failed keys or sessions from this address; see Retry-After'],
        ].map(([status, description]) => [`E${status}`, status === 304 ? { description } : { description, ...json(ref('Error')) }]),
      ),
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: str,
                message: str,
                details: {},
              },
            },
          },
        },
        Page: { type: 'object', properties: { data: { type: 'array' }, page: int, per_page: int, total: int, total_pages: int } },
        ArticleSummary: {
          type: 'object',
          properties: {
            id: int,
            url: str,
            slug: str,
            title: str,
            stage: str,
            status: str,
            publish_at: nullable('string'),
            published_at: nullable('string'),
            created_at: str,
            modified_at: nullable('string'),
            created_by: nullable('string'),
          },
        },
        Article: {
          type: 'object',
          properties: {
            id: int,
            url: str,
            slug: str,
            title: str,
            dek: str,
            format: nullable('string'),
            sections: { type: 'array', items: str },
            tags: { type: 'array', items: str },
            authors: { type: 'array', items: str },
            image: nullable('string'),
            image_alt: { ...nullable('string'), description: "This story's own alt text for its lead image; null uses the library's." },
            image_caption: { ...nullable('string'), description: "This story's own caption for its lead image; null uses the library's." },
            image_credit: { ...nullable('string'), description: "This story's own credit for its lead image; null uses the library's." },
            body: { type: 'object', description: 'The structured document ({ type: "doc", content: [...] }).' },
            excerpt: str,
            seo_title: str,
            seo_description: str,
            related: { type: 'array', items: str },
            status: { enum: ['draft', 'published'] },
            stage: { enum: ['draft', 'review', 'scheduled', 'published', 'unpublished'] },
            published_at: nullable('string'),
            updated_at: nullable('string'),
            publish_at: nullable('string'),
            unpublish_at: nullable('string'),
            revision: int,
            created_at: str,
            modified_at: nullable('string'),
            modified_by: nullable('string'),
          },
        },
        ContentArticleSummary: {
          type: 'object',
          properties: {
            id: int,
            url: str,
            slug: str,
            title: str,
            dek: str,
            excerpt: str,
            format: nullable('string'),
            sections: { type: 'array', items: taxonomy },
            tags: { type: 'array', items: { ...taxonomy, properties: { slug: str, name: str, kind: str } } },
            authors: { type: 'array', items: taxonomy },
            image: { anyOf: [ref('Media'), { type: 'null' }] },
            published_at: str,
            updated_at: nullable('string'),
            seo_title: str,
            seo_description: str,
          },
        },
        ContentArticle: {
          allOf: [
            ref('ContentArticleSummary'),
            {
              type: 'object',
              properties: {
                body_html: str,
                body: { type: 'object' },
                updates: {
                  type: 'array',
                  items: { type: 'object', properties: { kind: { enum: ['update', 'correction'] }, at: str, note: str } },
                },
                related: { type: 'array', items: str },
              },
            },
          ],
        },
        Section: {
          type: 'object',
          properties: { slug: str, name: str, description: str, layout: { enum: ['standard', 'briefs'] }, position: int, url: str },
        },
        Tag: {
          type: 'object',
          properties: { slug: str, name: str, kind: { enum: ['topic', 'person', 'organization', 'place'] }, url: str },
        },
        Author: { type: 'object', properties: { slug: str, name: str, bio: str, image: {}, url: str } },
        Media: mediaSchema,
      },
    },
  };
}
