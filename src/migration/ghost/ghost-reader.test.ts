import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationFile, migrationFilesDir } from '../../../test/helpers/migration-files.js';
import { SourceFormatError, type SourceEvent, type SourceReader, type SourceStory } from '../source-model.js';
import { openGhostExport } from './ghost-reader.js';

async function readAll(reader: SourceReader): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  for await (const event of reader.events()) events.push(event);
  return events;
}

async function eventsOf(file: string, options: { members?: string; redirects?: string } = {}): Promise<SourceEvent[]> {
  const reader = await openGhostExport(migrationFile(`ghost/${file}`), options);
  try {
    return await readAll(reader);
  } finally {
    await reader.close();
  }
}

const stories = (events: SourceEvent[]): SourceStory[] => events.flatMap((event) => (event.kind === 'story' ? [event.story] : []));
const bySlug = (events: SourceEvent[], slug: string): SourceStory => {
  const story = stories(events).find((candidate) => candidate.slug === slug);
  if (!story) throw new Error(`no story ${slug}`);
  return story;
};
const kinds = (events: SourceEvent[]): Record<string, number> =>
  events.reduce<Record<string, number>>((counts, event) => ({ ...counts, [event.kind]: (counts[event.kind] ?? 0) + 1 }), {});

describe.skipIf(!migrationFilesDir)('openGhostExport on the Northfield Dispatch (Ghost 6.65)', () => {
  const withSidecars = () =>
    eventsOf('northfield-dispatch.ghost-6.65.zip', {
      members: migrationFile('ghost/northfield-dispatch.members.csv'),
      redirects: migrationFile('ghost/northfield-dispatch.redirects.yaml'),
    });

  it('yields the site first, then 4 people, 10 tags, 18 stories, 5 subscribers and 3 redirects', async () => {
    const events = await withSidecars();
    expect(events[0]).toEqual({
      kind: 'site',
      site: { system: 'ghost', baseUrl: null, identity: 'ghost The Northfield Dispatch', title: 'The Northfield Dispatch', stories: 18 },
    });
    expect(kinds(events)).toMatchObject({ site: 1, person: 4, term: 10, story: 18, subscriber: 5, redirect: 3 });
    const order = events.map((event) => event.kind);
    expect(order.lastIndexOf('person')).toBeLessThan(order.indexOf('term'));
    expect(order.lastIndexOf('term')).toBeLessThan(order.indexOf('story'));
  });

  it('keeps posts and pages apart with their states and restrictions', async () => {
    const all = stories(await eventsOf('northfield-dispatch.ghost-6.65.json'));
    const tally = (type: string, state: string) => all.filter((story) => story.type === type && story.state === state).length;
    expect([tally('post', 'published'), tally('post', 'draft'), tally('post', 'scheduled')]).toEqual([12, 1, 1]);
    expect([tally('page', 'published'), tally('page', 'draft')]).toEqual([3, 1]);
    expect(all.filter((story) => story.restriction !== null).map((story) => [story.slug, story.restriction])).toEqual([
      ['inside-budget-talks', 'members'],
      ['ten-years-of-rents', 'paid'],
    ]);
    expect(all.find((story) => story.state === 'scheduled')).toMatchObject({
      slug: 'harbour-authority-annual-meeting',
      publishedAt: '2027-01-01T14:56:01.000Z',
    });
    expect(all.filter((story) => story.slug.startsWith('about')).map((story) => [story.slug, story.type, story.oldUrls])).toEqual([
      ['about', 'page', ['/about/']],
      ['about-2', 'page', ['/about-2/']],
    ]);
  });

  it('gives bylines in sort_order, tags in order, the lead image with its alt and caption text, and SEO fields', async () => {
    const events = await eventsOf('northfield-dispatch.ghost-6.65.json');
    const ferry = bySlug(events, 'night-ferry-trial-approved');
    expect(ferry.authors).toEqual(['6b103180bed69c529712ef7f', '6b103180bed69c529712ef7a']);
    expect(ferry.tags).toEqual(['6b103180bed69c529712ef8b', '6b103180bed69c529712ef91', '6b103180bed69c529712ef89']);
    expect(ferry.leadImage).toEqual({
      sourceId: null,
      url: '/content/images/2026/12/ferry.jpg',
      alt: 'A ferry at the pier at dusk (generated placeholder image)',
      caption: 'The 19:40 crossing leaving the east pier. Photo: Dispatch staff',
      credit: '',
      title: '',
    });
    expect(ferry).toMatchObject({
      excerpt: expect.stringMatching(/^Six months of late crossings start in January/),
      seoTitle: 'Night ferry trial approved | Northfield Dispatch',
      seoDescription: 'The harbour authority voted 7–2 for a six-month trial of late ferries.',
      publishedAt: '2026-11-02T09:00:00.000Z',
      oldUrls: ['/night-ferry-trial-approved/'],
    });
    expect(bySlug(events, 'draft-budget-schools-analysis').authors).toEqual(['6b103180bed69c529712ef7a', '6b10317bbed69c529712ec56']);
  });

  it('marks the two # tags internal and gives public tags and authors their old paths', async () => {
    const events = await eventsOf('northfield-dispatch.ghost-6.65.json');
    const terms = events.flatMap((event) => (event.kind === 'term' ? [event.term] : []));
    expect(terms.every((term) => term.kind === 'tag')).toBe(true);
    expect(terms.filter((term) => term.internal).map((term) => [term.name, term.oldPaths])).toEqual([
      ['#briefs', []],
      ['#newsletter-pick', []],
    ]);
    expect(terms.find((term) => term.slug === 'harbour-authority')?.oldPaths).toEqual(['/tag/harbour-authority/']);
    const people = events.flatMap((event) => (event.kind === 'person' ? [event.person] : []));
    expect(people[0]).toEqual({
      sourceId: '6b10317bbed69c529712ec56',
      slug: 'ines-calder',
      name: 'Ines Calder',
      bio: 'Editor-in-chief. Twenty years on the harbour beat.',
      email: 'ines.calder@example.com',
      imageUrl: '/content/images/2026/12/portrait.jpg',
      oldPaths: ['/author/ines-calder/'],
    });
  });

  it('maps cards in bodies, resolves __GHOST_URL__ and keeps code injection out', async () => {
    const events = await eventsOf('northfield-dispatch.ghost-6.65.json');
    expect(bySlug(events, 'library-hours-vote-delayed').bodyHtml).toContain(
      '<figure><img src="/content/images/2026/12/library.jpg" alt="The central library reading room (generated placeholder image)"><figcaption>The reading room on a weekday afternoon. <span>Photo: Dispatch staff</span></figcaption></figure>',
    );
    expect(bySlug(events, 'swing-bridge-video').bodyHtml).toContain(
      '<figure class="embed"><a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ">https://www.youtube.com/watch?v=aqz-KE-bpKQ</a></figure>',
    );
    expect(bySlug(events, 'ten-years-of-rents').warnings).toEqual(["card 'html' sanitized"]);
    expect(bySlug(events, 'weekly-round-up-week-45').bodyHtml).toContain('<a href="/night-ferry-trial-approved/">');
    const serialised = JSON.stringify(events);
    expect(serialised).not.toContain('__GHOST_URL__');
    expect(serialised).not.toContain('noarchive');
    expect(serialised).not.toContain('example.org/original');
  });

  it('counts what Masthead has no place for', async () => {
    const events = await eventsOf('northfield-dispatch.ghost-6.65.json');
    const notImported = Object.fromEntries(
      events.flatMap((event) => (event.kind === 'not-imported' ? [[event.item.what, event.item.count]] : [])),
    );
    expect(notImported).toMatchObject({
      newsletters: 2,
      tiers: 2,
      snippets: 1,
      'code injection': 1,
      'custom theme settings': 19,
      'canonical URLs': 1,
      'featured flags': 1,
      'navigation menu items': 3,
    });
    expect(notImported).not.toHaveProperty('offers');
  });

  it('reads the images inside the zip lazily, by any URL that names them', async () => {
    const reader = await openGhostExport(migrationFile('ghost/northfield-dispatch.ghost-6.65.zip'), {});
    try {
      const ferry = await reader.asset('__GHOST_URL__/content/images/2026/12/ferry.jpg');
      expect(ferry?.length).toBe(38832);
      expect(ferry?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect((await reader.asset('/content/images/2026/12/portrait.jpg'))?.length).toBe(4314);
      expect((await reader.asset('/content/images/size/w600/2026/12/library.jpg'))?.length).toBe(23921);
      expect(await reader.asset('/content/images/2026/12/missing.jpg')).toBeNull();
      expect(await reader.asset('/content/images/../northfield-dispatch.ghost.2026-12-02.json')).toBeNull();
      expect(await reader.asset('https://static.ghost.org/v4.0.0/images/feature-image.jpg')).toBeNull();
    } finally {
      await reader.close();
    }
  });

  it('has no asset for a plain JSON export', async () => {
    const reader = await openGhostExport(migrationFile('ghost/northfield-dispatch.ghost-6.65.json'), {});
    expect(await reader.asset('/content/images/2026/12/ferry.jpg')).toBeNull();
    await reader.close();
  });
});

describe.skipIf(!migrationFilesDir)('openGhostExport on older and hand-written files', () => {
  it('reads the Ghost 3.3 export: 19 posts, 22 tags, 1 author from posts_authors', async () => {
    const events = await eventsOf('ghost-3.3-theme-unit-test.json');
    expect(kinds(events)).toMatchObject({ site: 1, person: 1, term: 22, story: 19 });
    expect(stories(events).every((story) => story.authors.join() === '5e2c0c2ebea7830001d7cf22' && story.state === 'published')).toBe(true);
    const editor = bySlug(events, 'the-editor').bodyHtml;
    expect(editor).toContain('<figure class="gallery"><img src="https://static.ghost.org/v3.0.0/images/gallery-sample-1.jpg" alt="">');
    expect(editor).toContain('<p><a href="https://ghost.org">Ghost: The #1 open source headless Node.js CMS</a></p>');
    expect(bySlug(events, 'vimeo-embeds').warnings).toEqual(["embed 'player.vimeo.com' kept as a link"]);
    expect(bySlug(events, 'youtube-embeds').bodyHtml).toContain(
      '<figure class="embed"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">',
    );
  });

  it('never yields a password hash, API key secret or settings secret', async () => {
    const raw = JSON.parse(readFileSync(migrationFile('ghost/ghost-3.3-theme-unit-test.json'), 'utf8')) as {
      db: [{ data: { api_keys: { secret: string }[]; settings: { key: string; value: string | null }[]; users: { password: string }[] } }];
    };
    const { data } = raw.db[0];
    const secretKeys = /secret|private_key|public_key|password|public_hash|db_hash/;
    const secrets = [
      ...data.api_keys.map((key) => key.secret),
      ...data.users.map((user) => user.password),
      ...data.settings.filter((row) => secretKeys.test(row.key) && row.value).map((row) => row.value as string),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    for (const file of ['ghost-3.3-theme-unit-test.json', 'northfield-dispatch.ghost-6.65.zip']) {
      const serialised = JSON.stringify(await eventsOf(file));
      for (const secret of secrets) expect(serialised).not.toContain(secret);
      expect(serialised).not.toMatch(/\$2[aby]\$/);
      expect(serialised).not.toContain('b7e1cce2ecaa6d3f79ec3d50d92780');
      expect(serialised).not.toContain('RSA');
    }
  });

  it('reads the TryGhost import file in the {db:[…]} shape, html-only posts beside a lexical one', async () => {
    const events = await eventsOf('tryghost-migrate-ghost-import.json');
    expect(kinds(events)).toMatchObject({ site: 1, person: 2, term: 2, story: 3 });
    expect(bySlug(events, 'post-1').bodyHtml).toBe('<p>Hello world</p><img src="https://example.com/images/photo-1.jpg"><p>More text</p>');
    expect(bySlug(events, 'post-3-lexical').bodyHtml).toBe(
      '<figure><img src="https://example.com/images/lexical-image.jpg" alt=""></figure>',
    );
    expect(bySlug(events, 'post-1').leadImage?.url).toBe('https://example.com/images/feature-1.jpg');
    expect(events.find((event) => event.kind === 'not-imported')).toEqual({
      kind: 'not-imported',
      item: { what: 'social sharing cards', count: 2 },
    });
  });

  it('reads the bare {meta,data} shape', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ghost-shape-'));
    const raw = JSON.parse(readFileSync(migrationFile('ghost/tryghost-migrate-ghost-import.json'), 'utf8')) as { db: unknown[] };
    await writeFile(path.join(dir, 'bare.json'), JSON.stringify(raw.db[0]));
    const reader = await openGhostExport(path.join(dir, 'bare.json'), {});
    expect(stories(await readAll(reader)).map((story) => story.slug)).toEqual(['post-1', 'post-2', 'post-3-lexical']);
  });
});

describe('openGhostExport refuses what is not a Ghost export', () => {
  const write = async (name: string, content: string | Buffer): Promise<string> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ghost-bad-'));
    await writeFile(path.join(dir, name), content);
    return path.join(dir, name);
  };
  const refusal = (file: string, options = {}) =>
    openGhostExport(file, options).then(
      () => null,
      (error: unknown) => error,
    );

  it('names the line of a JSON syntax error', async () => {
    const error = await refusal(await write('broken.json', '{\n  "db": [\n    {"meta": {},, }\n]}'));
    expect(error).toBeInstanceOf(SourceFormatError);
    expect((error as SourceFormatError).line).toBe(3);
    expect((error as Error).message).toMatch(/^line 3: broken\.json is not valid JSON/);
  });

  it('refuses JSON that is not an export, and a zip without JSON at its root', async () => {
    expect(await refusal(await write('other.json', '{"name":"package"}'))).toMatchObject({
      message: expect.stringContaining('is not a Ghost export'),
    });
    expect(await refusal(await write('empty.zip', Buffer.from('504b0506000000000000000000000000000000000000', 'hex')))).toMatchObject({
      message: 'empty.zip holds no Ghost JSON export at its root',
    });
    expect(await refusal(await write('torn.zip', Buffer.from('PK\u0003\u0004 torn')))).toBeInstanceOf(SourceFormatError);
  });

  it.skipIf(!migrationFilesDir)('names a broken members or redirects file', async () => {
    const json = migrationFile('ghost/tryghost-migrate-ghost-import.json');
    const members = await refusal(json, { members: await write('members.csv', 'id,email\n1,"a@example.com\n') });
    expect(members).toMatchObject({ message: expect.stringContaining('members.csv') });
    const redirects = await refusal(json, { redirects: await write('redirects.yaml', '301:\n  /a: /b\n 302: [\n') });
    expect(redirects).toBeInstanceOf(SourceFormatError);
    expect((redirects as Error).message).toContain('redirects.yaml');
  });
});
