import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './server.js';

// The real consumers feeds and sitemaps are written for: Debian's python3-feedparser
// (the interpreter is named explicitly: the python3 on PATH may be another one without
// it) and libxml2's xmllint with the sitemaps.org schemas.

const PYTHON = '/usr/bin/python3';
const SCRIPT = `
import json, sys, time, feedparser
d = feedparser.parse(sys.stdin.buffer.read(), sanitize_html=(sys.argv[1] == 'sanitize'))
iso = lambda t: time.strftime('%Y-%m-%dT%H:%M:%SZ', t) if t else None
print(json.dumps({
  'bozo': bool(d.bozo), 'bozo_exception': str(d.get('bozo_exception')) if d.bozo else None, 'version': d.version,
  'title': d.feed.get('title'), 'link': d.feed.get('link'),
  'entries': [{
    'title': e.get('title'), 'link': e.get('link'), 'id': e.get('id'),
    'published': iso(e.get('published_parsed')), 'updated': iso(e.get('updated_parsed')),
    'authors': [a.get('name') for a in e.get('authors', [])], 'tags': [t.get('term') for t in e.get('tags', [])],
    'content': [c.get('value') for c in e.get('content', [])], 'summary': e.get('summary'),
    'enclosures': [{'href': x.get('href'), 'type': x.get('type')} for x in e.get('enclosures', [])],
    'media': [m.get('url') for m in e.get('media_content', [])],
  } for e in d.entries],
}))
`;

export interface ParsedEntry {
  title: string;
  link: string;
  id: string;
  published: string | null;
  updated: string | null;
  authors: string[];
  tags: string[];
  content: string[];
  summary: string;
  enclosures: Array<{ href: string; type: string }>;
  media: string[];
}
export interface ParsedFeed {
  bozo: boolean;
  bozo_exception: string | null;
  version: string;
  title: string;
  link: string;
  entries: ParsedEntry[];
}

/**
 * feedparser's reading of a feed. `sanitize: false` shows what a reader that trusts the
 * feed's HTML (most do, for `<description>`) would render.
 */
export function feedparser(xml: string, { sanitize = true }: { sanitize?: boolean } = {}): ParsedFeed {
  const run = spawnSync(PYTHON, ['-c', SCRIPT, sanitize ? 'sanitize' : 'raw'], { input: xml, encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`feedparser failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ParsedFeed;
}

const SCHEMAS = path.join(repoRoot, 'test', 'fixtures', 'sitemaps');

/** xmllint's verdict: '' when the document validates, else its complaints. */
export function xmllintProblems(xml: string, schema: 'urlset-with-extensions.xsd' | 'siteindex.xsd'): string {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path.join(SCHEMAS, schema), '-'], {
    input: xml,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.error) throw run.error;
  return run.status === 0 ? '' : run.stderr;
}
