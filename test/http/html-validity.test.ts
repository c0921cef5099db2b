import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateHtml } from '../helpers/html.js';
import { get } from '../helpers/http.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// Every page type is valid HTML5 under the repository's html-validate rules
// (.htmlvalidate.json), as served, on each database engine.

const pageTypes: Array<[string, string, number]> = [
  ['the front page', '/', 200],
  ['the article page', '/walk-away-talks', 200],
  ['a story with a hostile title and body', '/script-in-the-headline', 200],
  ['a standard section page', '/section/europe', 200],
  ['a briefs section page', '/section/qiosk', 200],
  ['a tag page', '/tag/lena-marsh', 200],
  ['an author page with a portrait', '/author/jane-okafor', 200],
  ['the latest stories', '/latest', 200],
  ['the second page of the latest stories', '/latest?page=2', 200],
  ['the newsletter page', '/newsletter', 200],
  ['the newsletter "check your inbox" page', '/newsletter/check-inbox', 200],
  ['a newsletter confirmation link that is not valid', '/newsletter/confirm?token=cut-short', 400],
  ['a newsletter unsubscribe link that is not valid', '/newsletter/unsubscribe?token=cut-short', 404],
  ['the empty search page', '/search', 200],
  ['search results with highlighted passages', '/search?q=talks', 200],
  ['a filtered search with no results and a suggestion', '/search?q=Lena+Marsch&section=europe&from=2025-01-01', 200],
  ['a hostile search', '/search?q=%3Cscript%3E%22%3C%2Fmark%3E', 200],
  ['the 404 page', '/no-such-story', 404],
];

describe.each(engines())('HTML validity on %s', (engine) => {
  let site: Masthead;

  beforeAll(async () => {
    site = await startMasthead({ engine, bundle: referenceBundle });
  });
  afterAll(async () => {
    await site?.stop();
  });

  it.each(pageTypes)('serves %s (%s) as valid HTML', async (_name, path, status) => {
    const page = await get(site.url, path);
    expect(page.status).toBe(status);
    const problems = await validateHtml(page.body, path);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.rule}: ${p.message}\n    ${p.source}`)).toEqual([]);
  });

  it('serves the "Keep reading" fragment as valid HTML once placed in a page', async () => {
    const fragment = await get(site.url, '/gulf-ceasefire-deadline/body');
    expect(fragment.status).toBe(200);
    const page = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>fragment</title>\n</head>\n<body>\n<main>\n<h1>Fragment</h1>\n<div>${fragment.body}</div>\n</main>\n</body>\n</html>\n`;
    const problems = (await validateHtml(page, 'fragment.html')).filter((p) => p.rule !== 'no-trailing-whitespace');
    expect(problems.map((p) => `${p.rule}: ${p.message}`)).toEqual([]);
  });
});
