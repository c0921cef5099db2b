// The newsroom's vocabulary, shared by the rules here and the store's schema.

export const STAFF_ROLES = ['contributor', 'author', 'editor', 'admin', 'owner'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ARTICLE_STAGES = ['draft', 'review', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStage = (typeof ARTICLE_STAGES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
  contributor: 'Contributor',
  author: 'Author',
  editor: 'Editor',
  admin: 'Administrator',
  owner: 'Owner',
};

export const STAGE_LABELS: Record<ArticleStage, string> = {
  draft: 'Draft',
  review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};
