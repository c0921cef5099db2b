import { normalizePathPart } from '../../content/redirect-input.js';

// How one request target meets the rules, without the database: the from paths an exact
// or prefix rule would need to have, and what a regex rule is run against.

export interface RequestTarget {
  /** Decoded, trailing slashes dropped: what exact and prefix rules are keyed on. */
  path: string;
  /** Decoded, as asked: a redirect that lands here again is no redirect. */
  askedPath: string;
  /** After the "?", as sent; '' when there is none. */
  query: string;
}

/** Deeper paths are matched on their first segments only: the IN list stays short. */
const MAX_PREFIX_DEPTH = 12;
/** What a pattern is run against is cut here, so no rule sees more than this. */
const MAX_SUBJECT = 1_000;

export function requestTarget(pathWithQuery: string): RequestTarget {
  const at = pathWithQuery.indexOf('?');
  const rawPath = at < 0 ? pathWithQuery : pathWithQuery.slice(0, at);
  const query = at < 0 ? '' : pathWithQuery.slice(at + 1);
  let askedPath = rawPath;
  try {
    askedPath = decodeURIComponent(rawPath);
  } catch {
    // Matched as sent.
  }
  return { path: normalizePathPart(rawPath), askedPath, query };
}

/** Exact rules, best first: the path with its query ("/?p=12"), then the path alone. */
export function exactCandidates(target: RequestTarget): string[] {
  return target.query ? [`${target.path}?${target.query}`, target.path] : [target.path];
}

/** Prefix rules: the path and each parent ("/a/b/c", "/a/b", "/a"), longest first. */
export function prefixCandidates(target: RequestTarget): string[] {
  const segments = target.path.split('/').slice(1, MAX_PREFIX_DEPTH + 1);
  const out: string[] = [];
  for (let n = segments.length; n >= 1; n--) {
    const candidate = `/${segments.slice(0, n).join('/')}`;
    if (candidate !== '/') out.push(candidate);
  }
  return out;
}

/** A pattern that names the query ("\?") sees path and query; any other, the path alone. */
export function regexSubject(pattern: RegExp, target: RequestTarget): string {
  const subject = pattern.source.includes('\\?') && target.query ? `${target.askedPath}?${target.query}` : target.askedPath;
  return subject.slice(0, MAX_SUBJECT);
}

/**
 * "$1"… in a regex rule's target, filled with the captures. Captures come from the
 * decoded path, so they are escaped again for the Location header, and a result that
 * would start with "//" (another host, to a browser) keeps one slash.
 */
export function fillCaptures(template: string, match: RegExpExecArray): string {
  const filled = template.replace(/\$([1-9])/g, (_all, n: string) => encodeURI(match[Number(n)] ?? ''));
  return filled.startsWith('/') ? filled.replace(/^[/\\]+/, '/') : filled;
}
