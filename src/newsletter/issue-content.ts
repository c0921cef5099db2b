import { parseVariants, type StoredMedia } from '../media/image-view.js';
import { createDateFormatter } from '../render/html/format-date.js';
import type { EmailImageView, EmailSectionView, IssueEmailView } from '../render/email/issue-email.js';
import { EMAIL_CONTENT_WIDTH } from '../render/email/email-style.js';
import { parseSocial } from '../render/html/social-links.js';
import { excerptOf, kickerView } from '../render/html/story-views.js';
import { issueById, issueStoryIds, newsletterById } from '../store/newsletter/newsletter-repository.js';
import { loadSiteBasics } from '../store/publication/settings-repository.js';
import { loadCards, type CardRecord } from '../store/stories/story-cards.js';
import type { Db } from '../store/store.js';
import { UNSUBSCRIBE_URL_MARKER } from './unsubscribe-link.js';

// An issue as it will be mailed: its stories in the editor's order (only those readers
// can see now; a story taken down since it was picked is skipped), grouped under their
// primary section as long as neighbours share one, with the publication's footer. The
// recipient's unsubscribe link is the marker, replaced per message by the sender.

export interface RenderedIssue {
  subject: string;
  html: string;
  text: string;
}

export const webVersionPath = (issueId: number) => `/newsletter/issues/${issueId}`;

/** A JPEG variant wide enough for the column on a high-density screen, shown at column width. */
export function emailImageOf(media: StoredMedia, siteUrl: string): EmailImageView | null {
  const jpegs = parseVariants(media.variants)
    .filter((v) => v.format === 'jpeg')
    .sort((a, b) => a.width - b.width);
  const pick = jpegs.find((v) => v.width >= EMAIL_CONTENT_WIDTH * 1.5) ?? jpegs[jpegs.length - 1];
  if (!pick || !media.width || !media.height) return null;
  const width = Math.min(EMAIL_CONTENT_WIDTH, pick.width);
  return {
    src: new URL(`/media/${pick.file}`, `${siteUrl}/`).href,
    width,
    height: Math.round((width * media.height) / media.width),
    alt: media.alt,
  };
}

/** `webVersionUrl` replaces the public web version's address (a draft's test links to a signed preview). */
export async function renderIssue(
  db: Db,
  issueId: number,
  options: { siteUrl: string; now?: Date; webVersionUrl?: string },
): Promise<RenderedIssue> {
  const issue = await issueById(db, issueId);
  if (!issue) throw new Error(`newsletter issue ${issueId} does not exist`);
  const [list, basics, ids] = await Promise.all([newsletterById(db, issue.newsletter_id), loadSiteBasics(db), issueStoryIds(db, issueId)]);
  if (!list) throw new Error(`newsletter ${issue.newsletter_id} does not exist`);
  const cards = await loadCards(db, ids, (options.now ?? new Date()).toISOString());
  const publication = basics.publication;
  const formats = new Map(basics.formats.map((f) => [f.id, { name: f.name, schemaType: f.schema_type }]));
  const layouts = new Map(basics.sections.map((s) => [s.id, s.layout]));
  const dates = createDateFormatter({ locale: publication?.locale ?? 'en-US', timeZone: publication?.time_zone ?? 'UTC' });
  const siteUrl = options.siteUrl.replace(/\/+$/, '');
  const absolute = (path: string) => new URL(path, `${siteUrl}/`).href;

  const sections: EmailSectionView[] = [];
  for (const card of cards) {
    const primary = card.sections[0] ?? null;
    const last = sections[sections.length - 1];
    const key = primary ? absolute(`/section/${primary.slug}`) : null;
    const group = last && last.url === key ? last : null;
    const target = group ?? {
      name: primary?.name ?? 'More stories',
      url: key,
      compact: primary ? layouts.get(primary.id) === 'briefs' : false,
      stories: [],
    };
    if (!group) sections.push(target);
    target.stories.push(storyOf(card));
  }

  function storyOf(card: CardRecord) {
    const kicker = kickerView(card, formats);
    return {
      url: absolute(`/${card.article.slug}`),
      title: card.article.title,
      dek: card.article.dek || null,
      excerpt: excerptOf(card),
      kicker: [kicker.format, ...kicker.sections.map((s) => s.label)].filter(Boolean).join(' | '),
      authors: card.authors.map((a) => a.name),
      date: dates.date(card.article.published_at ?? card.article.created_at),
      image: card.image ? emailImageOf(card.image, siteUrl) : null,
    };
  }

  const view: IssueEmailView = {
    subject: issue.subject,
    intro: issue.intro,
    lang: publication?.locale ?? 'en',
    publication: {
      name: publication?.name ?? 'Masthead',
      postalAddress: publication?.postal_address ?? '',
      siteUrl,
      social: parseSocial(publication?.social ?? '[]').map((s) => ({ label: s.label, url: s.url })),
    },
    list: { name: list.name, description: list.description },
    webVersionUrl: options.webVersionUrl ?? absolute(webVersionPath(issueId)),
    unsubscribeUrl: UNSUBSCRIBE_URL_MARKER,
    settingsUrl: absolute('/admin/settings'),
    sections,
  };
  // Loaded when a newsletter is first rendered: its CSS inliner (juice) is a fifth of the
  // server's start-up time, and most processes never render one.
  const { renderIssueEmail } = await import('../render/email/issue-email.js');
  return renderIssueEmail(view);
}
