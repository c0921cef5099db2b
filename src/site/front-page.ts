import { ALL_LIST_KEY, cacheKeys } from '../content/cache-keys.js';
import { buildPageMeta } from '../render/html/meta.js';
import { renderFrontPage, renderNewsletterPage } from '../render/html/pages.js';
import type { FrontView } from '../render/html/view-model.js';
import { listNewsletters } from '../store/newsletter/newsletter-repository.js';
import { listVisibleIds, loadCards, type CardRecord } from '../store/stories/story-cards.js';
import type { PageResult, ReaderDeps } from './page-result.js';
import { briefView, cardView } from '../render/html/story-views.js';

// The front page: a lead story, a row of secondary stories, Latest, one block per
// standard section, the briefs rail and the newsletter panel.

const SECONDARY_COUNT = 4;
const LATEST_COUNT = 8;
const SECTION_BLOCK_COUNT = 3;
const BRIEFS_COUNT = 6;
/** Enough candidates per section to fill a block after the lead, secondaries and briefs are set aside. */
const SECTION_CANDIDATES = 12;

export async function frontPage(deps: ReaderDeps): Promise<PageResult> {
  const { db, basics, now } = deps;
  const standard = basics.sections.filter((s) => s.layout === 'standard');
  const [top, briefs, ...bySection] = await Promise.all([
    listVisibleIds(db, { by: 'all' }, { limit: 40, offset: 0, now, total: false }),
    basics.briefsSection
      ? listVisibleIds(db, { by: 'section', id: basics.briefsSection.id }, { limit: BRIEFS_COUNT, offset: 0, now, total: false })
      : Promise.resolve({ ids: [] as number[] }),
    ...standard.map((s) => listVisibleIds(db, { by: 'section', id: s.id }, { limit: SECTION_CANDIDATES, offset: 0, now, total: false })),
  ]);
  const shownIds = [...new Set([...top.ids, ...briefs.ids, ...bySection.flatMap((s) => s.ids)])];
  const cards = await loadCards(db, shownIds, now);
  deps.dependsOn(
    ALL_LIST_KEY,
    ...[...standard, ...(basics.briefsSection ? [basics.briefsSection] : [])].map((s) => cacheKeys.list('section', s.slug)),
    ...shownIds.map(cacheKeys.card),
  );
  const byId = new Map(cards.map((c) => [c.article.id, c]));
  const get = (ids: number[]) => ids.flatMap((id) => byId.get(id) ?? []);
  const briefIds = new Set(briefs.ids);
  const isBrief = (c: CardRecord) => briefIds.has(c.article.id) || c.sections[0]?.id === basics.briefsSection?.id;

  const features = get(top.ids).filter((c) => !isBrief(c));
  const lead = features.find((c) => c.image) ?? features[0] ?? null;
  const secondary = features.filter((c) => c !== lead).slice(0, SECONDARY_COUNT);
  const shown = new Set([lead, ...secondary].flatMap((c) => (c ? [c.article.id] : [])));
  const view = (c: CardRecord) => cardView(c, basics.formats);
  const front: FrontView = {
    lead: lead ? view(lead) : null,
    secondary: secondary.map(view),
    latest: get(top.ids).slice(0, LATEST_COUNT).map(view),
    sectionBlocks: standard
      .map((section, i) => ({
        section: { label: section.name, href: `/section/${section.slug}` },
        stories: get(bySection[i]?.ids ?? [])
          .filter((c) => !shown.has(c.article.id) && !isBrief(c))
          .slice(0, SECTION_BLOCK_COUNT)
          .map(view),
      }))
      .filter((block) => block.stories.length > 0),
    briefs: basics.briefsSection
      ? {
          section: { label: basics.briefsSection.name, href: `/section/${basics.briefsSection.slug}` },
          items: get(briefs.ids).map(briefView),
        }
      : null,
  };
  const { publication } = basics;
  const meta = buildPageMeta(publication, {
    title: publication.name,
    description: publication.tagline || publication.name,
    path: '/',
  });
  return { type: 'html', status: 200, html: renderFrontPage(deps.ctx, meta, front) };
}

/** The sign-up page: with more than one list, the reader picks (the default list ticked). */
export async function newsletterPage(deps: ReaderDeps): Promise<PageResult> {
  const lists = await listNewsletters(deps.db);
  const { publication } = deps.basics;
  const meta = buildPageMeta(publication, {
    title: 'Newsletter',
    description: publication.newsletterPitch,
    path: '/newsletter',
  });
  return {
    type: 'html',
    status: 200,
    html: renderNewsletterPage(deps.ctx, meta, {
      source: '/newsletter',
      lists: lists.map((list, i) => ({ slug: list.slug, name: list.name, description: list.description, checked: i === 0 })),
    }),
  };
}
