// Namespaces are matched by URI, never by prefix: a feed may bind Media RSS to "m:" or
// Atom to the default namespace, and only the URI says what an element is.
export const NS = {
  none: '',
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
} as const;
