// A format is what kind of journalism a story is; it picks the schema.org type (SPEC §3).

export interface FormatDefinition {
  slug: string;
  name: string;
  schemaType: string;
}

export const DEFAULT_FORMATS: readonly FormatDefinition[] = [
  { slug: 'reporting', name: 'Reporting', schemaType: 'ReportageNewsArticle' },
  { slug: 'analysis', name: 'Analysis', schemaType: 'AnalysisNewsArticle' },
  { slug: 'opinion', name: 'Opinion', schemaType: 'OpinionNewsArticle' },
  { slug: 'explainer', name: 'Explainer', schemaType: 'BackgroundNewsArticle' },
  { slug: 'brief', name: 'Brief', schemaType: 'NewsArticle' },
];

export const SCHEMA_TYPES = [
  'NewsArticle',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'BackgroundNewsArticle',
  'ReviewNewsArticle',
  'AskPublicNewsArticle',
  'BlogPosting',
  'Article',
] as const;
