import { storyEventSink } from '../editorial/story-events.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../config/config.js';
import { StoryPatchSchema } from '../content/story-input.js';
import { openStore, type Store } from '../store/store.js';
import { NewSectionSchema } from './api-input.js';
import { registerApiRoutes } from './api-routes.js';
import { openApiDocument } from './openapi.js';
import { toJsonSchema } from './zod-json-schema.js';

// The OpenAPI document describes every /api route that is registered, and its request
// schemas accept and refuse what the zod schemas behind the routes accept and refuse.

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

describe('the OpenAPI document', () => {
  let dir: string;
  let store: Store;
  const routes: Array<{ method: string; url: string }> = [];
  const doc = openApiDocument('https://news.example');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-openapi-'));
    store = await openStore(parseDatabaseUrl(`file:${path.join(dir, 'db.sqlite')}`));
    const app = Fastify({ logger: false });
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method: method.toLowerCase(), url: route.url });
    });
    registerApiRoutes(app, {
      db: store.db,
      siteUrl: 'https://news.example',
      mediaDir: dir,
      secretKey: 'x'.repeat(32),
      events: storyEventSink('https://news.example'),
      dialect: store.dialect,
    });
    await app.ready();
    await app.close();
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('has every registered /api route, and nothing that is not registered', () => {
    expect(routes.length).toBeGreaterThan(20);
    const registered = routes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m} ${p}`))
      .sort();
    expect(documented).toEqual(registered);
  });

  it('declares every path parameter it uses and compiles every schema', () => {
    const ajv = new Ajv2020({ strict: false, logger: false });
    type Operation = { requestBody?: { content: Record<string, { schema: object }> } };
    const paths = doc.paths as unknown as Record<string, Record<string, Operation> & { parameters?: Array<{ name: string; in: string }> }>;
    for (const [p, item] of Object.entries(paths)) {
      const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (item.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
      expect(declared.sort(), p).toEqual(names.sort());
      for (const method of METHODS) {
        const body = item[method]?.requestBody;
        if (body) for (const media of Object.values(body.content)) expect(() => ajv.compile(media.schema), `${method} ${p}`).not.toThrow();
      }
    }
  });

  it('request schemas agree with the zod schemas on what is accepted', () => {
    const ajv = new Ajv2020({ strict: false, logger: false });
    const patch = ajv.compile(toJsonSchema(StoryPatchSchema));
    const good = { title: 'A', sections: ['europe'], body: { format: 'markdown', source: 'x' }, revision: 3, unpublish_at: null };
    expect(StoryPatchSchema.safeParse(good).success).toBe(true);
    expect(patch(good)).toBe(true);
    for (const bad of [{ stage: 'published' }, { sections: ['Not A Slug'] }, { revision: 0 }, { body: { format: 'docx', source: '' } }]) {
      expect(StoryPatchSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      expect(patch(bad), JSON.stringify(bad)).toBe(false);
    }
    const section = ajv.compile(toJsonSchema(NewSectionSchema));
    expect(section({ slug: 'africa', name: 'Africa' })).toBe(true);
    expect(section({ name: 'Africa' })).toBe(false);
  });
});
