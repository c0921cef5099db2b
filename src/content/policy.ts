import type { ArticleStage, StaffRole } from './roles.js';

// Who may do what in the newsroom: one table, deny by default (SECURITY.md, "access
// control"). Story actions depend on whether the story is the person's own; everything
// else depends on the role alone. The HTTP layers ask `can` and never decide themselves.

export type StoryAction =
  | 'view'
  | 'edit'
  | 'delete'
  | 'submit'
  | 'return'
  | 'publish'
  | 'schedule'
  | 'unpublish'
  | 'annotate'
  | 'addNote'
  | 'restore'
  // Start and end live coverage, post and change its entries (src/live/live-coverage.ts).
  | 'live';

export type NewsroomAction =
  | 'story.create'
  | 'tag.create'
  | 'media.upload'
  | 'media.edit'
  | 'media.delete'
  | 'taxonomy.manage'
  | 'page.manage'
  | 'redirects.manage'
  | 'newsletter.manage'
  | 'staff.manage'
  | 'settings.manage'
  | 'apikeys.manage'
  | 'webhooks.manage'
  | 'outbox.read'
  | 'audit.read'
  | 'mail.problems';

/** Story actions a role may take on its own stories, and on anyone's. */
const STORY_RULES: Record<StaffRole, { own: readonly StoryAction[]; any: readonly StoryAction[] }> = {
  contributor: { own: ['view', 'edit', 'submit', 'annotate', 'restore', 'delete'], any: [] },
  author: {
    own: ['view', 'edit', 'submit', 'annotate', 'restore', 'delete', 'publish', 'schedule', 'unpublish', 'addNote', 'live'],
    any: [],
  },
  editor: {
    own: [],
    any: ['view', 'edit', 'submit', 'return', 'annotate', 'restore', 'delete', 'publish', 'schedule', 'unpublish', 'addNote', 'live'],
  },
  admin: {
    own: [],
    any: ['view', 'edit', 'submit', 'return', 'annotate', 'restore', 'delete', 'publish', 'schedule', 'unpublish', 'addNote', 'live'],
  },
  owner: {
    own: [],
    any: ['view', 'edit', 'submit', 'return', 'annotate', 'restore', 'delete', 'publish', 'schedule', 'unpublish', 'addNote', 'live'],
  },
};

const NEWSROOM_RULES: Record<StaffRole, readonly NewsroomAction[]> = {
  contributor: ['story.create', 'tag.create', 'media.upload'],
  author: ['story.create', 'tag.create', 'media.upload', 'media.edit'],
  editor: [
    'story.create',
    'tag.create',
    'media.upload',
    'media.edit',
    'media.delete',
    'taxonomy.manage',
    'page.manage',
    'redirects.manage',
    'newsletter.manage',
  ],
  admin: [
    'story.create',
    'tag.create',
    'media.upload',
    'media.edit',
    'media.delete',
    'taxonomy.manage',
    'page.manage',
    'redirects.manage',
    'newsletter.manage',
    'staff.manage',
    'settings.manage',
    'apikeys.manage',
    'webhooks.manage',
    'audit.read',
    // Failed account mail: masked recipients and the server's reply, no links (mail/mail-failures.ts).
    'mail.problems',
  ],
  // The outbox (mail written to disk when SMTP_URL is unset) holds other staff's
  // password-reset and set-up links: whoever reads it can take over their accounts,
  // admins included. Only the owner, who could make any account anyway, may read it.
  owner: [
    'story.create',
    'tag.create',
    'media.upload',
    'media.edit',
    'media.delete',
    'taxonomy.manage',
    'page.manage',
    'redirects.manage',
    'newsletter.manage',
    'staff.manage',
    'settings.manage',
    'apikeys.manage',
    'webhooks.manage',
    'outbox.read',
    'audit.read',
    'mail.problems',
  ],
};

export interface Actor {
  id: number;
  role: StaffRole;
}

export interface StoryOwnership {
  createdBy: number | null;
  stage: ArticleStage;
}

export function can(actor: Actor, action: NewsroomAction): boolean {
  return NEWSROOM_RULES[actor.role].includes(action);
}

export function canOnStory(actor: Actor, action: StoryAction, story: StoryOwnership): boolean {
  const rules = STORY_RULES[actor.role];
  if (rules.any.includes(action)) return true;
  if (story.createdBy !== actor.id || !rules.own.includes(action)) return false;
  // Someone who cannot publish cannot change what is (or is about to be) live either.
  const live = story.stage === 'published' || story.stage === 'scheduled';
  if (live && ['edit', 'delete', 'restore'].includes(action)) return rules.own.includes('publish');
  return true;
}

/** An image's alt text, caption and credit: roles with media.edit change any, everyone their own uploads. */
export function canEditMedia(actor: Actor, media: { uploadedBy: number | null }): boolean {
  return can(actor, 'media.edit') || (media.uploadedBy !== null && media.uploadedBy === actor.id);
}

/**
 * A story the person may not even see answers 404, never 403: other people's drafts
 * must not be known to exist (SECURITY.md).
 */
export function refusalStatus(actor: Actor, story: StoryOwnership): 403 | 404 {
  return canOnStory(actor, 'view', story) ? 403 : 404;
}

/**
 * Whether the actor may learn that a story exists at all: one they may view, or one readers
 * can see. Slug clashes and `related` references answer for the others as if they did not
 * exist, so nobody learns of another person's draft.
 */
export function mayKnowOfStory(actor: Actor, story: StoryOwnership): boolean {
  return story.stage === 'published' || canOnStory(actor, 'view', story);
}

/** Only an owner makes or changes owners and admins; admins manage everyone below them. */
export function canAssignRole(actor: Actor, role: StaffRole): boolean {
  if (actor.role === 'owner') return true;
  return actor.role === 'admin' && role !== 'owner' && role !== 'admin';
}

export const STORY_ACTIONS: readonly StoryAction[] = [
  'view',
  'edit',
  'delete',
  'submit',
  'return',
  'publish',
  'schedule',
  'unpublish',
  'annotate',
  'addNote',
  'restore',
  'live',
];
export const NEWSROOM_ACTIONS: readonly NewsroomAction[] = [
  'story.create',
  'tag.create',
  'media.upload',
  'media.edit',
  'media.delete',
  'taxonomy.manage',
  'redirects.manage',
  'newsletter.manage',
  'staff.manage',
  'settings.manage',
  'apikeys.manage',
  'webhooks.manage',
  'outbox.read',
];
