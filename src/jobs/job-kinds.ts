// Every job kind the server runs. main.ts types its handler table as
// Record<JobKind, JobHandler>, so a kind without a handler does not compile.
export const JOB_KINDS = [
  'article.publish',
  'article.unpublish',
  'media.variants',
  'webhook.deliver',
  'newsletter.send',
  'newsletter.roundup',
  'cdn.purge',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];
