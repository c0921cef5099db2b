import type { Generated } from 'kysely';
import type { ArticleStage, StaffRole } from '../content/roles.js';

export type { ArticleStage, StaffRole };

// The Kysely view of the tables. Times are ISO-8601 UTC text on both engines
// (docs/decisions/0002-times-as-iso-text.md); JSON columns hold text parsed at the edge.

export interface PublicationTable {
  id: number;
  name: string;
  tagline: string;
  time_zone: string;
  locale: string;
  newsletter_pitch: string;
  /** JSON: [{ network, url }] in display order. */
  social: string;
  /** Bumped by every content write; page caches key on it. */
  content_version: number;
  /** Whether feeds carry whole stories or excerpts (migration 0003). */
  feed_content: Generated<'full' | 'excerpt'>;
  /** Printed in every newsletter's footer (migration 0004). */
  postal_address: Generated<string>;
}

export interface FormatTable {
  id: Generated<number>;
  slug: string;
  name: string;
  schema_type: string;
}

export interface SectionTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  layout: 'standard' | 'briefs';
  position: number;
  /** The section this one sits under (migration 0006); null for a top-level section. */
  parent_id: Generated<number | null>;
}

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: 'topic' | 'person' | 'organization' | 'place';
}

export interface AuthorTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
  image_id: number | null;
}

export interface MediaTable {
  id: Generated<number>;
  /** The bundle's media id: stable across imports and exports. */
  key: string;
  /** Server-made file stem under MEDIA_DIR. */
  file_stem: string;
  original_ext: string;
  mime: string;
  width: number;
  height: number;
  sha256: string;
  alt: string;
  caption: string;
  credit: string;
  /** JSON: [{ format, width, height, file }]. */
  variants: string;
  created_at: string;
  /** 'processing' until the variants job has made the responsive files. */
  status: Generated<'processing' | 'ready' | 'failed'>;
  original_name: Generated<string>;
  byte_size: Generated<number>;
  uploaded_by: number | null;
}

export interface ArticleTable {
  id: Generated<number>;
  slug: string;
  title: string;
  dek: string;
  excerpt: string;
  /** JSON: the ProseMirror document. */
  body: string;
  format_id: number | null;
  image_id: number | null;
  /** This story's own text for its lead image (migration 0016); null keeps the library's. */
  image_caption: Generated<string | null>;
  image_credit: Generated<string | null>;
  image_alt: Generated<string | null>;
  /** Reader-facing: 'published' is live. content/workflow.ts keeps it in step with stage. */
  status: 'draft' | 'published';
  published_at: string | null;
  updated_at: string | null;
  created_at: string;
  stage: Generated<ArticleStage>;
  publish_at: string | null;
  unpublish_at: string | null;
  seo_title: Generated<string>;
  seo_description: Generated<string>;
  /** Bumped by every save: a save naming an older revision is a conflict (409). */
  revision: Generated<number>;
  modified_at: string | null;
  created_by: number | null;
  modified_by: number | null;
  /** Live coverage (migration 0015): started, and ended (the page stays as a record). */
  live_started_at: Generated<string | null>;
  live_ended_at: Generated<string | null>;
}

export interface ArticleSectionTable {
  article_id: number;
  section_id: number;
  position: number;
}
export interface ArticleTagTable {
  article_id: number;
  tag_id: number;
  position: number;
}
export interface ArticleAuthorTable {
  article_id: number;
  author_id: number;
  position: number;
}
export interface ArticleRelatedTable {
  article_id: number;
  related_id: number;
  position: number;
}

export interface ArticleNoteTable {
  id: Generated<number>;
  article_id: number;
  kind: 'update' | 'correction';
  at: string;
  note: string;
}

export type RedirectMatch = 'exact' | 'prefix' | 'regex';
export type RedirectTargetKind = 'story' | 'page' | 'section' | 'tag' | 'author' | 'url';

/**
 * Any old path to a new home (migration 0005, replacing the slug-only history): a story's
 * old slug, an imported site's permalinks, a rule the newsroom wrote.
 */
export interface RedirectTable {
  id: Generated<number>;
  /**
   * exact: a path, with its query string when the rule needs one ("/?p=12");
   * prefix: a path prefix ("/blog/"); regex: a pattern matched against path and query.
   */
  from_path: string;
  match: RedirectMatch;
  target_kind: RedirectTargetKind;
  /** The story, page, section, tag or author; null for 'url'. */
  target_id: number | null;
  /** For 'url': the destination (a regex rule may use $1…). */
  target_url: string | null;
  status: 301 | 302;
  /** Who made it: 'slug-change', 'newsroom', 'import', 'migration'. */
  origin: string;
  created_at: string;
}

/** A static page (About, Donate): its own URL, outside the story lists (migration 0006). */
export interface PageTable {
  id: Generated<number>;
  slug: string;
  title: string;
  /** JSON: the ProseMirror document, as for stories. */
  body: string;
  status: 'draft' | 'published';
  /** Position among the footer's links; null keeps the page out of the footer. */
  footer_position: number | null;
  parent_id: number | null;
  seo_description: string;
  published_at: string | null;
  updated_at: string | null;
  created_at: string;
}

/**
 * One record a migration wrote, by the source's own id (migration 0007): a re-run finds it
 * here instead of matching titles, and resumes after the last item it holds.
 */
/** One content write's dependency keys, at the content version it bumped to (migration 0008). */
export interface ContentChangeTable {
  version: number;
  /** Space-separated keys (src/content/cache-keys.ts). */
  keys: string;
  changed_at: string;
}

export interface MigrationItemTable {
  /** The source's identity ("wordpress https://old.example"). */
  source: string;
  kind: 'story' | 'page' | 'person' | 'section' | 'tag' | 'media' | 'subscriber';
  source_id: string;
  target_id: number;
  /** sha256 of the item as read: the same fingerprint on a re-run means nothing to write. */
  fingerprint: string;
  /** JSON list: 'private', 'password', 'members', 'paid', 'missing-credit', 'missing-image'. */
  flags: string;
  imported_at: string;
}

export interface StaffTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  name: string;
  role: StaffRole;
  /** scrypt, self-describing (auth/passwords.ts). */
  password_hash: string;
  /** The author profile that carries this person's byline, if any. */
  author_id: number | null;
  created_at: string;
  disabled_at: string | null;
  /** When the person last chose their own password (migration 0019); null while only invited. */
  password_set_at: string | null;
}

/** Two-factor sign-in (migration 0012, auth/two-factor.ts). */
export interface StaffTwoFactorTable {
  staff_id: number;
  /** The TOTP secret, AES-256-GCM under a key derived from SECRET_KEY. */
  secret: string;
  /** Null until enrolment is confirmed with a first valid code. */
  enabled_at: string | null;
  /** The last 30-second step a code was accepted for: that code and older ones are spent. */
  last_used_step: number | null;
  created_at: string;
}

export interface StaffRecoveryCodeTable {
  id: Generated<number>;
  staff_id: number;
  /** SHA-256 of an 80-bit code. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** The owner's requirement (migration 0012): one row, id 1, absent until first saved (then 'none'). */
export interface TwoFactorPolicyTable {
  id: number;
  required: 'none' | 'admins' | 'staff';
}

/** Between a correct password and a session: the second step, bound to one browser's cookie. */
export interface TwoFactorChallengeTable {
  id_hash: string;
  staff_id: number;
  created_at: string;
  expires_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token: a leaked table cannot be replayed. */
  id_hash: string;
  staff_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ThrottleTable {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
  /** Attempts reserved and being checked now (migration 0014). */
  in_flight: Generated<number>;
  /** The latest reservation: an older one's count is stale (a process died mid-check). */
  reserved_at: string | null;
}

export interface TokenTable {
  /** SHA-256 of the token. */
  hash: string;
  purpose: string;
  subject_id: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  scope: 'content' | 'admin';
  key_hash: string;
  key_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ArticleRevisionTable {
  id: Generated<number>;
  article_id: number;
  revision: number;
  /** JSON: the story's editable fields as saved (content/revisions.ts). */
  snapshot: string;
  staff_id: number | null;
  /** The first save this revision holds. */
  created_at: string;
  /** The last save it holds, when saves were merged into it (migration 0018); else null. */
  last_saved_at: string | null;
}

export interface ArticleInternalNoteTable {
  id: Generated<number>;
  article_id: number;
  staff_id: number | null;
  body: string;
  created_at: string;
}

export interface ArticleMediaTable {
  article_id: number;
  media_id: number;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  /** JSON. */
  payload: string;
  run_at: string;
  state: Generated<'queued' | 'running' | 'done' | 'failed' | 'cancelled'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  /** A job that must exist once (e.g. "publish article 42 at T") carries a key. */
  dedupe_key: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface WebhookTable {
  id: Generated<number>;
  url: string;
  secret: string;
  /** JSON: the events it receives. */
  events: string;
  active: Generated<number>;
  created_at: string;
}

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';
export type SubscriptionStatus = 'pending' | 'active' | 'unsubscribed';
export type IssueStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'uncertain' | 'failed' | 'bounced' | 'skipped';

export interface NewsletterTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
  /** 1 for a list whose issues are drafted each week as a round-up. */
  roundup: Generated<number>;
  /** 0 = Sunday … 6 = Saturday. */
  draft_weekday: Generated<number>;
  /** "HH:MM" in the publication's time zone. */
  draft_time: Generated<string>;
  max_per_second: number | null;
  position: Generated<number>;
  created_at: string;
}

export interface SubscriberTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  status: Generated<SubscriberStatus>;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  consent_at: string | null;
  consent_source: Generated<string>;
  consent_ip: string | null;
  bounce_reason: string | null;
}

export interface SubscriptionTable {
  subscriber_id: number;
  newsletter_id: number;
  status: Generated<SubscriptionStatus>;
  created_at: string;
  updated_at: string;
}

export interface NewsletterIssueTable {
  id: Generated<number>;
  newsletter_id: number;
  status: Generated<IssueStatus>;
  subject: string;
  intro: Generated<string>;
  /** ISO week of a round-up ("2026-W48"); null for issues composed by hand. */
  period: string | null;
  send_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  /** Frozen when the send starts. */
  html: string | null;
  text: string | null;
  revision: Generated<number>;
  created_at: string;
  updated_at: string;
  updated_by: number | null;
}

export interface NewsletterIssueStoryTable {
  issue_id: number;
  article_id: number;
  position: number;
}

export interface NewsletterDeliveryTable {
  id: Generated<number>;
  issue_id: number;
  subscriber_id: number | null;
  email: string;
  state: Generated<DeliveryState>;
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_by: string | null;
  message_id: string | null;
  sent_at: string | null;
  error: string | null;
  unsubscribed_at: string | null;
}

/** One act in the audit trail (migration 0011): append-only, a trigger refuses UPDATE and DELETE. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** One of src/audit/audit-actions.ts's AUDIT_ACTIONS. */
  action: string;
  actor_kind: 'staff' | 'api-key' | 'cli' | 'system' | 'anonymous';
  /** The staff id or the API key id; null for the others. */
  actor_id: number | null;
  /** The name at the time: "Ada Admin", "api key deploy bot", "cli", "system". */
  actor_label: string;
  door: string;
  ip: string | null;
  target_kind: string | null;
  target_id: number | null;
  target_label: Generated<string>;
  /** JSON object. */
  detail: Generated<string>;
}

/** Account and staff mail that could not be sent (migration 0013, store/mail/mail-failure-repository.ts). */
export interface MailFailureTable {
  id: Generated<number>;
  at: string;
  /** mail/mailer.ts's MailKind. */
  kind: string;
  /** Masked: "a…@example.org". */
  recipient: string;
  /** The SMTP server's reply or the error, on one line. */
  error: string;
  seen_at: string | null;
}

/** One person with one story open in the editor; `last_seen` is the latest heartbeat. */
export interface StoryPresenceTable {
  article_id: number;
  staff_id: number;
  since: string;
  last_seen: string;
  /** The page load that sent the latest heartbeat (a goodbye names it). */
  visit: string;
}

/** One entry of a story's live coverage (migration 0015, store/live/). */
export interface LiveEntryTable {
  id: Generated<number>;
  article_id: number;
  /** The byline's author profile. */
  author_id: number | null;
  staff_id: number | null;
  /** JSON: the document, as story bodies. */
  body: string;
  key_event: Generated<number>;
  pinned: Generated<number>;
  /** The content version of the latest change: the live feed's cursor. */
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

export interface Tables {
  publication: PublicationTable;
  formats: FormatTable;
  sections: SectionTable;
  tags: TagTable;
  authors: AuthorTable;
  media: MediaTable;
  articles: ArticleTable;
  article_sections: ArticleSectionTable;
  article_tags: ArticleTagTable;
  article_authors: ArticleAuthorTable;
  article_related: ArticleRelatedTable;
  /** Automatic related stories, ranked on write (migration 0010); same shape as article_related. */
  article_auto_related: ArticleRelatedTable;
  article_notes: ArticleNoteTable;
  redirects: RedirectTable;
  pages: PageTable;
  migration_items: MigrationItemTable;
  content_changes: ContentChangeTable;
  staff: StaffTable;
  sessions: SessionTable;
  staff_two_factor: StaffTwoFactorTable;
  staff_recovery_codes: StaffRecoveryCodeTable;
  two_factor_challenges: TwoFactorChallengeTable;
  two_factor_policy: TwoFactorPolicyTable;
  throttles: ThrottleTable;
  tokens: TokenTable;
  api_keys: ApiKeyTable;
  article_revisions: ArticleRevisionTable;
  article_internal_notes: ArticleInternalNoteTable;
  article_media: ArticleMediaTable;
  jobs: JobTable;
  webhooks: WebhookTable;
  newsletters: NewsletterTable;
  subscribers: SubscriberTable;
  subscriptions: SubscriptionTable;
  newsletter_issues: NewsletterIssueTable;
  newsletter_issue_stories: NewsletterIssueStoryTable;
  newsletter_deliveries: NewsletterDeliveryTable;
  /** Account and staff mail that could not be sent (migration 0013). */
  mail_failures: MailFailureTable;
  audit_log: AuditLogTable;
  /** Live coverage entries (migration 0015). */
  live_entries: LiveEntryTable;
  /** Who has a story open in the editor (migration 0020, a soft lock). */
  story_presence: StoryPresenceTable;
}
