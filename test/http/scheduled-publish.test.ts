import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, referenceBundle, startAnotherProcess, startMasthead, type Masthead } from '../helpers/server.js';

// Reliability promise 5: a scheduled publish happens exactly once across processes. Two
// server processes share one database and both run the jobs worker; a story scheduled a
// few seconds ahead goes live once, and the webhook receiver hears about it once.

async function receiver() {
  const events: Array<{ event: string; slug: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      const parsed = JSON.parse(body) as { event: string; data: { slug: string } };
      events.push({ event: parsed.event, slug: parsed.data.slug });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port, events,
    close: () => { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)); },
  };
}

describe.each(engines())('scheduled publishing on %s', (engine) => {
  let masthead: Masthead;
  let second: { url: string; stop(): Promise<void> };
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let key: string;

  beforeAll(async () => {
    hooks = await receiver();
    masthead = await startMasthead({ engine, bundle: referenceBundle, env: { MASTHEAD_OUTBOUND_ALLOW_PRIVATE: String(hooks.port) } });
    second = await startAnotherProcess(masthead);
    key = (await masthead.cli(['apikey', 'create', '--name', 'scheduler', '--scope', 'admin'])).stdout.trim();
    const added = await masthead.cli(['webhook', 'add', '--url', `http://127.0.0.1:${hooks.port}/hook`, '--events', 'article.published,article.unpublished']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout.trim()).toMatch(/^[\w-]{20,}$/);
  });
  afterAll(async () => {
    await second?.stop();
    await masthead?.stop();
    await hooks?.close();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${masthead.url}${path}`, {
      method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() as Record<string, unknown> };
  };

  it('publishes a scheduled story once, at its time, with two processes running the worker', async () => {
    const created = await api('POST', '/api/admin/articles', {
      title: 'Night ferries resume across the strait', dek: 'A first crossing in months.', format: 'reporting', sections: ['europe'],
      image: 'paris-quai', body: { format: 'markdown', source: 'The first ferry left at midnight.' },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const publishAt = new Date(Date.now() + 4_000).toISOString();
    const scheduled = await api('POST', `/api/admin/articles/${created.json.id}/moves`, { move: 'schedule', publish_at: publishAt });
    expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(200);

    const slug = 'night-ferries-resume-across-the-strait';
    expect((await fetch(`${masthead.url}/${slug}`)).status).toBe(404);
    let live = false;
    for (let i = 0; i < 60 && !live; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      live = (await fetch(`${second.url}/${slug}`)).status === 200;
    }
    expect(live).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(publishAt));
    expect((await fetch(`${masthead.url}/${slug}`)).status).toBe(200);

    // Both workers had the chance to run the job; the webhook says "published" once.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(hooks.events.filter((e) => e.slug === slug)).toEqual([{ event: 'article.published', slug }]);
    const story = await api('GET', `/api/admin/articles/${created.json.id}`);
    expect(story.json).toMatchObject({ status: 'published', published_at: publishAt });
    const jobs = await masthead.cli(['jobs']);
    expect(jobs.stdout).not.toMatch(/article\.publish/);
  });

  it('does not publish a story whose schedule was cleared, even after the time passes', async () => {
    const created = await api('POST', '/api/admin/articles', {
      title: 'A story pulled before its minute', format: 'reporting', sections: ['europe'], image: 'paris-quai',
      body: { format: 'markdown', source: 'Not yet.' },
    });
    const publishAt = new Date(Date.now() + 3_000).toISOString();
    expect((await api('POST', `/api/admin/articles/${created.json.id}/moves`, { move: 'schedule', publish_at: publishAt })).status).toBe(200);
    expect((await api('POST', `/api/admin/articles/${created.json.id}/moves`, { move: 'unschedule' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await fetch(`${masthead.url}/a-story-pulled-before-its-minute`)).status).toBe(404);
    expect((await api('GET', `/api/admin/articles/${created.json.id}`)).json).toMatchObject({ status: 'draft' });
  });
});
