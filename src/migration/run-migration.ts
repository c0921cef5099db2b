import { createHash } from 'node:crypto';
import { createImportedStaff } from '../auth/staff-accounts.js';
import { documentMediaIds, remapMediaIds, type DocumentNode } from '../content/document.js';
import { isReservedSlug, isValidSlug, slugify } from '../content/slug.js';
import { htmlToDocument } from '../importers/rich-text/html-to-document.js';
import { findMigrationItems, recordMigrationItems, type LedgerEntry, type MigrationKind } from '../store/migration/migration-items.js';
import {
  upsertAuthor,
  upsertSection,
  upsertTag,
  slugsOf,
  takenRootSlugs,
  writePage,
  writeStories,
  type StoryLinks,
  type StoryRow,
  type Trx,
} from '../store/migration/migration-writer.js';
import { rootSlugInUse } from '../store/pages/page-repository.js';
import { recordSiteChange } from '../store/publication/content-version.js';
import { reindexArticles } from '../store/search/reindex-articles.js';
import { rebuildAllAutoRelated } from '../store/stories/auto-related.js';
import type { Store } from '../store/store.js';
import { rewriteBodyLinks } from './body-links.js';
import type { ImageSources } from './media-intake.js';
import { ImageImport, imageKey } from './image-import.js';
import { MigrationReport } from './migration-report.js';
import { StandInImages, storyRow } from './story-rows.js';
import { oldPath, writeRedirects, type OldUrlTarget } from './old-urls.js';
import type {
  SourceEvent,
  SourceImage,
  SourcePerson,
  SourceReader,
  SourceSite,
  SourceStory,
  SourceSubscriber,
  SourceTerm,
} from './source-model.js';
import { importMembers } from './members.js';

// Drives one migration: reads the source's events in order and writes them in batches,
// each batch one transaction that also records what it wrote in the migration ledger
// (store/migration/migration-items.ts). So a run that is killed keeps every finished
// batch, and the next run skips what the ledger already holds with the same fingerprint.
// A dry run takes the same path inside one transaction that is rolled back at the end,
// and stores no file: its report is the real one, and nothing is written.

export interface Progress {
  stories: number;
  /** How many the source holds, when it knows. */
  total: number | null;
  perSecond: number;
  etaSeconds: number | null;
}

export interface MigrationOptions {
  store: Store;
  /** MEDIA_DIR: where image originals go. */
  mediaDir: string;
  reader: SourceReader;
  images: Omit<ImageSources, 'asset' | 'baseUrl'>;
  dryRun: boolean;
  /** Queues the publish of a scheduled story at its time (the editorial job). */
  schedule(trx: Trx, storyId: number, at: string): Promise<void>;
  progress?: (progress: Progress) => void;
  /** --staff ROLE: a staff account with a set-up link for each imported person with an address. */
  staff?: { role: 'contributor' | 'author' | 'editor' | 'admin'; siteUrl: string } | null;
  batchSize?: number;
  now?: Date;
}

class DryRunRollback extends Error {}

const fingerprint = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export async function runMigration(options: MigrationOptions): Promise<MigrationReport> {
  const { store } = options;
  const events = options.reader.events()[Symbol.asyncIterator]();
  const first = await events.next();
  if (first.done || first.value.kind !== 'site') throw new Error('a source must begin with its site');
  const site = first.value.site;
  const report = new MigrationReport(site.identity, options.dryRun);
  const run = new Run(options, site, report);
  try {
    if (options.dryRun) {
      await store.db
        .transaction()
        .execute(async (trx) => {
          run.exec = trx;
          await run.consume(events);
          throw new DryRunRollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof DryRunRollback)) throw error;
        });
    } else {
      await run.consume(events);
      if (report.changedAnything) {
        // Related stories are ranked once for the whole run, not per batch (auto-related.ts).
        await store.db.transaction().execute((trx) => rebuildAllAutoRelated(trx));
        await store.dialect.analyze(store.db);
      }
    }
  } finally {
    await options.reader.close();
  }
  return report;
}

type Buffered =
  | { kind: 'person'; items: SourcePerson[] }
  | { kind: 'term'; items: SourceTerm[] }
  | { kind: 'image'; items: SourceImage[] }
  | { kind: 'story'; items: SourceStory[] };

class Run {
  /** The database handle every write goes through: the store's, or a dry run's open transaction. */
  exec: Trx;
  private readonly source: string;
  private readonly people = new Map<string, number>();
  private readonly sections = new Map<string, number>();
  private readonly tags = new Map<string, number>();
  private readonly images: ImageImport;
  private readonly pages = new Map<string, number>();
  /** Old path → its new home, for the links inside bodies (filled as items are written). */
  readonly oldUrls = new Map<string, OldUrlTarget>();
  private readonly written = { stories: [] as number[], pages: [] as number[] };
  private readonly subscribers: SourceSubscriber[] = [];
  private buffer: Buffered | null = null;
  private readonly staffToMake: Array<{ person: SourcePerson; authorId: number }> = [];
  private storiesDone = 0;
  private readonly started = Date.now();
  private readonly now: string;

  constructor(
    private readonly options: MigrationOptions,
    private readonly site: SourceSite,
    private readonly report: MigrationReport,
  ) {
    this.exec = options.store.db;
    this.source = site.identity;
    this.now = (options.now ?? new Date()).toISOString();
    this.images = new ImageImport({
      source: this.source,
      baseUrl: site.baseUrl,
      mediaDir: options.mediaDir,
      dryRun: options.dryRun,
      now: this.now,
      report,
      sources: { ...options.images, asset: (url) => options.reader.asset(url), baseUrl: site.baseUrl },
      exec: () => this.exec,
      transaction: (work) => this.transaction(work),
      ledger: (ids) => this.ledger('media', ids),
      record: (trx, entry) => recordMigrationItems(trx, [{ ...entry, source: this.source, kind: 'media', now: this.now }]),
    });
  }

  private get batchSize() {
    return this.options.batchSize ?? 250;
  }

  private async transaction<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    if (this.options.dryRun) return work(this.exec);
    return this.options.store.db.transaction().execute(work);
  }

  async consume(events: AsyncIterator<SourceEvent>): Promise<void> {
    for (let next = await events.next(); !next.done; next = await events.next()) await this.take(next.value);
    await this.flush();
    await this.rewriteLinks();
    await this.importSubscribers();
    await this.makeStaff();
  }

  /** Only on request, and never with the source's password: a set-up link each, printed once. */
  private async makeStaff(): Promise<void> {
    const staff = this.options.staff;
    if (!staff) return;
    for (const { person, authorId } of this.staffToMake) {
      if (this.options.dryRun) {
        this.report.staffLinks.push({ email: person.email, link: '(dry run: no account made)' });
        continue;
      }
      const made = await createImportedStaff(
        this.options.store.db,
        { email: person.email, name: person.name, role: staff.role, authorId, siteUrl: staff.siteUrl },
        new Date(this.now),
      );
      if (made.ok) this.report.staffLinks.push({ email: person.email, link: made.link });
      else this.report.warn(`staff account for ${person.email} not made: ${made.message}`);
    }
  }

  private async take(event: SourceEvent): Promise<void> {
    switch (event.kind) {
      case 'site':
        return;
      case 'person':
        return this.push('person', event.person);
      case 'term':
        return this.push('term', event.term);
      case 'image':
        return this.push('image', event.image);
      case 'story':
        return this.push('story', event.story);
      case 'subscriber':
        this.subscribers.push(event.subscriber);
        return;
      case 'redirect': {
        await this.flush();
        const r = event.redirect;
        // A rule aimed at an imported item's old URL goes to its new home in one hop.
        const home = r.match === 'regex' ? undefined : this.oldUrls.get(oldPath(r.to, this.site.baseUrl) ?? '');
        await this.transaction(async (trx) => {
          await writeRedirects(
            trx,
            [{ from: r.from, match: r.match, status: r.status, target: home ?? { kind: 'url', url: r.to } }],
            this.site.baseUrl,
          );
          await recordSiteChange(trx);
        });
        this.report.add('redirect', 'created', r.from, r.to);
        return;
      }
      case 'not-imported':
        this.report.notImportedCount(event.item.what, event.item.count);
        return;
      case 'skipped':
        this.report.add('story', 'skipped', event.sourceId, event.reason);
        return;
    }
  }

  private async push<K extends Buffered['kind']>(kind: K, item: Extract<Buffered, { kind: K }>['items'][number]): Promise<void> {
    if (this.buffer && this.buffer.kind !== kind) await this.flush();
    const bufferKind: Buffered['kind'] = kind;
    const buffer: Buffered = this.buffer ?? { kind: bufferKind, items: [] };
    this.buffer = buffer;
    (buffer.items as unknown[]).push(item);
    if (buffer.items.length >= this.batchSize) await this.flush();
  }

  private async flush(): Promise<void> {
    const buffer = this.buffer;
    this.buffer = null;
    if (!buffer || !buffer.items.length) return;
    if (buffer.kind === 'person') await this.writePeople(buffer.items);
    else if (buffer.kind === 'term') await this.writeTerms(buffer.items);
    else if (buffer.kind === 'image') await this.images.attachments(buffer.items);
    else await this.writeStories(buffer.items);
  }

  private ledger(kind: MigrationKind, ids: string[]) {
    return findMigrationItems(this.exec, this.source, kind, ids);
  }

  private outcome(existing: { fingerprint: string } | undefined, print: string): 'created' | 'updated' | 'unchanged' {
    return !existing ? 'created' : existing.fingerprint === print ? 'unchanged' : 'updated';
  }

  private async writePeople(people: SourcePerson[]): Promise<void> {
    const known = await this.ledger(
      'person',
      people.map((p) => p.sourceId),
    );
    // Portraits first, outside the transaction (they may be fetched).
    await this.images.ensure(
      people.flatMap((p) =>
        p.imageUrl && known.get(p.sourceId)?.fingerprint !== fingerprint({ ...p, email: undefined }) ? [p.imageUrl] : [],
      ),
    );
    await this.transaction(async (trx) => {
      for (const person of people) {
        // The e-mail is only for staff accounts on request: it stays out of the fingerprint's record too.
        const print = fingerprint({ ...person, email: undefined });
        const existing = known.get(person.sourceId);
        const outcome = this.outcome(existing, print);
        const slug = this.freeKey(person.slug || person.name, `author-${person.sourceId}`);
        const id =
          outcome === 'unchanged'
            ? existing!.target_id
            : await upsertAuthor(trx, existing?.target_id ?? null, {
                slug,
                name: person.name.trim() || slug,
                bio: person.bio,
                image_id: person.imageUrl ? this.images.idFor(person.imageUrl) : null,
              });
        this.people.set(person.sourceId, id);
        if (outcome !== 'unchanged') await this.record(trx, 'person', person.sourceId, id, print, []);
        this.report.add('person', outcome, person.sourceId, `/author/${slug}`);
        if (outcome === 'created' && person.email) this.staffToMake.push({ person, authorId: id });
        for (const path of person.oldPaths) this.remember(path, { kind: 'author', id });
      }
      await this.oldUrlRules(
        trx,
        people.flatMap((p) => p.oldPaths.map((path) => ({ path, target: { kind: 'author' as const, id: this.people.get(p.sourceId)! } }))),
      );
    });
  }

  private async writeTerms(terms: SourceTerm[]): Promise<void> {
    const sections = await this.ledger(
      'section',
      terms.filter((t) => t.kind === 'section').map((t) => t.sourceId),
    );
    const tags = await this.ledger(
      'tag',
      terms.filter((t) => t.kind === 'tag').map((t) => t.sourceId),
    );
    await this.transaction(async (trx) => {
      const rules: Array<{ path: string; target: OldUrlTarget }> = [];
      for (const term of terms) {
        if (term.internal) {
          this.report.add('tag', 'skipped', term.sourceId, `internal tag "${term.name}": kept off the site, not imported`);
          continue;
        }
        const ledger = term.kind === 'section' ? sections : tags;
        const existing = ledger.get(term.sourceId);
        const print = fingerprint(term);
        const outcome = this.outcome(existing, print);
        const slug = this.freeKey(term.slug || term.name, `${term.kind}-${term.sourceId}`);
        const name = term.name.trim() || slug;
        let id: number;
        if (outcome === 'unchanged') id = existing!.target_id;
        else if (term.kind === 'section') {
          const parentId = term.parentSourceId ? (this.sections.get(term.parentSourceId) ?? null) : null;
          if (term.parentSourceId && parentId === null)
            this.report.warn(`section ${term.sourceId}: parent ${term.parentSourceId} is unknown; imported at the top level`);
          id = await upsertSection(trx, existing?.target_id ?? null, { slug, name, description: term.description, parentId });
        } else {
          id = await upsertTag(trx, existing?.target_id ?? null, { slug, name });
        }
        (term.kind === 'section' ? this.sections : this.tags).set(term.sourceId, id);
        if (outcome !== 'unchanged') await this.record(trx, term.kind, term.sourceId, id, print, []);
        this.report.add(term.kind, outcome, term.sourceId, `/${term.kind}/${slug}`);
        for (const path of term.oldPaths) {
          const target = { kind: term.kind, id } as const;
          this.remember(path, target);
          rules.push({ path, target });
        }
      }
      await this.oldUrlRules(trx, rules);
      await recordSiteChange(trx);
    });
  }

  /** A slug from what the source gave, or a stable fallback. */
  private freeKey(wanted: string, fallback: string): string {
    const slug = slugify(wanted);
    return slug && !isReservedSlug(slug) ? slug : slugify(fallback);
  }

  private async writeStories(stories: SourceStory[]): Promise<void> {
    const storyLedger = await this.ledger(
      'story',
      stories.filter((s) => s.type === 'post').map((s) => s.sourceId),
    );
    const pageLedger = await this.ledger(
      'page',
      stories.filter((s) => s.type === 'page').map((s) => s.sourceId),
    );
    const planned = stories.map((story) => {
      const existing = (story.type === 'page' ? pageLedger : storyLedger).get(story.sourceId);
      const print = fingerprint(story);
      return { story, existing, print, outcome: this.outcome(existing, print) };
    });
    const changed = planned.filter((p) => p.outcome !== 'unchanged');
    // Each body is converted once, its images standing in under made-up ids; the images
    // are then found (outside the transaction: fetching may take seconds) and the ids settled.
    const standIns = new StandInImages();
    const bodies = new Map(changed.map((p) => [p.story, htmlToDocument(p.story.bodyHtml, { images: standIns.idFor })]));
    for (const { story } of changed) {
      if (story.leadImage) this.images.describe(story.leadImage);
    }
    await this.images.ensure([...changed.flatMap((p) => (p.story.leadImage ? [p.story.leadImage.url] : [])), ...standIns.sources()]);

    const storyIds: number[] = [];
    await this.transaction(async (trx) => {
      const slugs = await this.slugsFor(trx, changed);
      const rules: Array<{ path: string; target: OldUrlTarget }> = [];
      const ledger: LedgerEntry[] = [];
      const storyItems: Array<{ story: SourceStory; id: number | null; row: StoryRow; links: StoryLinks; print: string; flags: string[] }> =
        [];
      const done = (story: SourceStory, kind: 'story' | 'page', id: number, outcome: 'created' | 'updated', slug: string) => {
        const target = { kind, id } as const;
        for (const url of story.oldUrls) {
          this.remember(url, target);
          rules.push({ path: url, target });
        }
        this.report.add(kind, outcome, story.sourceId, `/${slug}`);
      };
      for (const { story, existing, print, outcome } of planned) {
        const kind = story.type === 'page' ? 'page' : 'story';
        if (outcome === 'unchanged') {
          const target = { kind, id: existing!.target_id } as const;
          if (kind === 'page') this.pages.set(story.sourceId, target.id);
          for (const url of story.oldUrls) this.remember(url, target);
          this.report.add(kind, 'unchanged', story.sourceId);
          this.report.resumedFrom += 1;
          continue;
        }
        for (const warning of story.warnings) this.report.warn(`${kind} ${story.sourceId}: ${warning}`);
        const document = remapMediaIds(bodies.get(story)!, (standIn) => {
          const src = standIns.sourceOf(standIn);
          const id = src === undefined ? null : this.images.idFor(src);
          if (id === null && src !== undefined) this.report.missingImage(imageKey(src, this.site.baseUrl), 'not found', story.sourceId);
          return id;
        });
        const slug = slugs.get(story)!;
        const flags: string[] = story.restriction ? [story.restriction] : [];
        if (story.restriction) this.report.restricted.push({ sourceId: story.sourceId, path: `/${slug}`, restriction: story.restriction });
        if (!story.title.trim()) this.report.warn(`${kind} ${story.sourceId}: no title at the source; imported as "Untitled"`);
        if (kind === 'page') {
          const id = await writePage(trx, existing?.target_id ?? null, this.pageRow(story, slug, document), this.now);
          this.pages.set(story.sourceId, id);
          this.written.pages.push(id);
          ledger.push(this.ledgerEntry('page', story.sourceId, id, print, flags));
          done(story, 'page', id, outcome, slug);
          continue;
        }
        const lead = story.leadImage ? this.images.idFor(story.leadImage.url) : null;
        if (story.leadImage && lead === null)
          this.report.missingImage(imageKey(story.leadImage.url, this.site.baseUrl), 'not found', story.sourceId);
        const shown = [...(lead ? [lead] : []), ...documentMediaIds(document)];
        if (shown.some((id) => this.images.hasCredit(id) === false)) {
          flags.push('missing-credit');
          this.report.missingCredits.push({ sourceId: story.sourceId, path: `/${slug}` });
        }
        storyItems.push({
          story,
          id: existing?.target_id ?? null,
          row: storyRow(story, { slug, body: JSON.stringify(document), lead, now: this.now }),
          links: {
            sectionIds: story.sections.flatMap((s) => this.sections.get(s) ?? []),
            tagIds: story.tags.flatMap((t) => this.tags.get(t) ?? []),
            authorIds: story.authors.flatMap((a) => this.people.get(a) ?? []),
            mediaIds: shown,
          },
          print,
          flags,
        });
      }
      const ids = await writeStories(trx, storyItems, this.now);
      for (const [i, item] of storyItems.entries()) {
        const id = ids[i]!;
        storyIds.push(id);
        ledger.push(this.ledgerEntry('story', item.story.sourceId, id, item.print, item.flags));
        if (item.row.stage === 'scheduled' && item.row.publish_at) await this.options.schedule(trx, id, item.row.publish_at);
        done(item.story, 'story', id, item.id === null ? 'created' : 'updated', item.row.slug);
      }
      await recordMigrationItems(trx, ledger);
      await this.oldUrlRules(trx, rules);
      await reindexArticles(trx, this.options.store.dialect, storyIds);
      await recordSiteChange(trx);
    });
    this.written.stories.push(...storyIds);
    this.storiesDone += stories.length;
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const perSecond = this.storiesDone / seconds;
    const total = this.site.stories ?? null;
    this.options.progress?.({
      stories: this.storiesDone,
      total,
      perSecond,
      etaSeconds: total !== null && perSecond > 0 ? Math.max(total - this.storiesDone, 0) / perSecond : null,
    });
  }

  private remember(url: string, target: OldUrlTarget): void {
    const path = oldPath(url, this.site.baseUrl);
    if (path !== null) this.oldUrls.set(path, target);
  }

  private pageRow(story: SourceStory, slug: string, document: DocumentNode) {
    return {
      slug,
      title: story.title.trim() || 'Untitled',
      body: JSON.stringify(document),
      // Restricted pages never become public either.
      status: story.state === 'published' && !story.restriction ? ('published' as const) : ('draft' as const),
      parent_id: story.parentSourceId ? (this.pages.get(story.parentSourceId) ?? null) : null,
      seo_description: story.seoDescription,
      published_at: story.publishedAt,
      updated_at: story.updatedAt,
    };
  }

  /**
   * Slugs for a batch: an item written before keeps its current slug; a new one gets the
   * source's slug when free, else the same with -2, -3…, never someone else's story.
   */
  private async slugsFor(
    trx: Trx,
    items: Array<{ story: SourceStory; existing: { target_id: number } | undefined }>,
  ): Promise<Map<SourceStory, string>> {
    const out = new Map<SourceStory, string>();
    const current = {
      articles: await slugsOf(
        trx,
        'articles',
        items.filter((i) => i.existing && i.story.type === 'post').map((i) => i.existing!.target_id),
      ),
      pages: await slugsOf(
        trx,
        'pages',
        items.filter((i) => i.existing && i.story.type === 'page').map((i) => i.existing!.target_id),
      ),
    };
    const fresh = items.filter((i) => {
      const slug = i.existing && current[i.story.type === 'page' ? 'pages' : 'articles'].get(i.existing.target_id);
      if (slug) out.set(i.story, slug);
      return !slug;
    });
    const bases = fresh.map((i) => this.baseSlug(i.story));
    const taken = await takenRootSlugs(trx, bases);
    for (const [n, { story }] of fresh.entries()) {
      const base = bases[n]!;
      let slug = base;
      for (let k = 2; taken.has(slug) || isReservedSlug(slug); k++) {
        slug = `${base.slice(0, 110)}-${k}`;
        if (!taken.has(slug) && (await rootSlugInUse(trx, slug, null))) taken.add(slug);
      }
      taken.add(slug);
      out.set(story, slug);
    }
    return out;
  }

  private baseSlug(story: SourceStory): string {
    const base = this.freeKey(story.slug || story.title, `${story.type}-${story.sourceId}`);
    return isValidSlug(base) ? base : `${story.type}-${createHash('sha256').update(story.sourceId).digest('hex').slice(0, 8)}`;
  }

  private ledgerEntry(kind: MigrationKind, sourceId: string, targetId: number, print: string, flags: string[]): LedgerEntry {
    return { source: this.source, kind, sourceId, targetId, fingerprint: print, flags, now: this.now };
  }

  private async record(trx: Trx, kind: MigrationKind, sourceId: string, targetId: number, print: string, flags: string[]) {
    await recordMigrationItems(trx, [this.ledgerEntry(kind, sourceId, targetId, print, flags)]);
  }

  /**
   * Old URLs as rules. One that is the new home but for a trailing slash (Ghost's "/slug/")
   * is kept too: the site serves "/slug" only, and a page that exists never asks the table.
   */
  private async oldUrlRules(trx: Trx, rules: Array<{ path: string; target: OldUrlTarget }>) {
    await writeRedirects(
      trx,
      rules.map((r) => ({ from: r.path, match: 'exact', status: 301, target: r.target })),
      this.site.baseUrl,
    );
  }

  /** Links inside bodies to the old site's stories, sections or tags now point at their new homes. */
  private async rewriteLinks(): Promise<void> {
    const rewritten = await rewriteBodyLinks(this.exec, (work) => this.transaction(work), {
      stories: this.written.stories,
      pages: this.written.pages,
      oldUrls: this.oldUrls,
      baseUrl: this.site.baseUrl,
    });
    if (rewritten) this.report.warn(`links rewritten to their new homes in ${rewritten} bodies`);
  }

  private async importSubscribers(): Promise<void> {
    if (!this.subscribers.length) return;
    await importMembers(this.exec, this.subscribers, {
      dryRun: this.options.dryRun,
      source: this.source,
      now: this.now,
      report: this.report,
    });
  }
}
