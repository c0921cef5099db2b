// What the audit trail records (docs/audit.md): a fixed list of actions, each a
// security-relevant or editorial act, named `thing.verb`. The list is closed so that a
// filter, an export and a reader of the log all mean the same words, and a typo in a
// call site is a type error instead of a row nobody finds.

export const AUDIT_ACTIONS = [
  'sign-in.succeeded',
  'sign-in.failed',
  'sign-in.locked',
  'staff.created',
  'staff.role-changed',
  'staff.disabled',
  'staff.enabled',
  'two-factor.enabled',
  'two-factor.disabled',
  'two-factor.reset',
  'password-reset.requested',
  'password-reset.completed',
  'api-key.created',
  'api-key.revoked',
  'story.published',
  'story.unpublished',
  'story.scheduled',
  'story.deleted',
  'live.started',
  'live.ended',
  'live-entry.posted',
  'live-entry.edited',
  'live-entry.deleted',
  'page.published',
  'page.unpublished',
  'page.deleted',
  'media.deleted',
  'subscribers.exported',
  'subscribers.imported',
  'subscriber.exported',
  'subscriber.deleted',
  'settings.changed',
  'webhook.created',
  'webhook.removed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'sign-in.succeeded': 'Signed in',
  'sign-in.failed': 'Sign-in failed',
  'sign-in.locked': 'Sign-in refused: locked',
  'staff.created': 'Staff account created',
  'staff.role-changed': 'Role changed',
  'staff.disabled': 'Staff account disabled',
  'staff.enabled': 'Staff account enabled',
  'two-factor.enabled': 'Two-factor sign-in turned on',
  'two-factor.disabled': 'Two-factor sign-in turned off',
  'two-factor.reset': 'Two-factor sign-in reset by an administrator',
  'password-reset.requested': 'Password reset requested',
  'password-reset.completed': 'Password reset completed',
  'api-key.created': 'API key created',
  'api-key.revoked': 'API key revoked',
  'story.published': 'Story published',
  'story.unpublished': 'Story unpublished',
  'story.scheduled': 'Story scheduled',
  'story.deleted': 'Story deleted',
  'live.started': 'Live coverage started',
  'live.ended': 'Live coverage ended',
  'live-entry.posted': 'Live entry posted',
  'live-entry.edited': 'Live entry changed',
  'live-entry.deleted': 'Live entry deleted',
  'page.published': 'Page published',
  'page.unpublished': 'Page unpublished',
  'page.deleted': 'Page deleted',
  'media.deleted': 'Image deleted from the library',
  'subscribers.exported': 'Subscribers exported',
  'subscribers.imported': 'Subscribers imported',
  'subscriber.exported': "A subscriber's data exported",
  'subscriber.deleted': 'Subscriber deleted',
  'settings.changed': 'Settings changed',
  'webhook.created': 'Webhook created',
  'webhook.removed': 'Webhook removed',
};

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** Where an action came in: the newsroom's forms, the API, the reader site, the shell, the job worker. */
export const AUDIT_DOORS = ['newsroom', 'api', 'site', 'cli', 'scheduler', 'system'] as const;
export type AuditDoor = (typeof AUDIT_DOORS)[number];

/**
 * Who acted. A staff member's name and an API key's name are copied into the row when it
 * is written ("name at the time"): renaming or removing them later does not rewrite history.
 */
export type AuditActor =
  | { kind: 'staff'; id: number; name: string }
  | { kind: 'api-key'; id: number }
  | { kind: 'cli' }
  | { kind: 'system' }
  | { kind: 'anonymous' };

export type AuditActorKind = AuditActor['kind'];

/** What was acted on. `id` is the record's id where it has one; `label` is what a person reads (a title, an address). */
export interface AuditTarget {
  kind: 'story' | 'page' | 'media' | 'staff' | 'api-key' | 'webhook' | 'subscriber' | 'subscribers' | 'settings';
  id: number | null;
  label: string;
}

export type AuditTargetKind = AuditTarget['kind'];
export const AUDIT_TARGET_KINDS: readonly AuditTargetKind[] = [
  'story',
  'page',
  'media',
  'staff',
  'api-key',
  'webhook',
  'subscriber',
  'subscribers',
  'settings',
];
