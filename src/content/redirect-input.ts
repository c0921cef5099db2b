import { z } from 'zod';
import { SLUG_PATTERN } from './slug.js';

// The one input schema of redirect rules, and the path vocabulary every door and the
// lookup share: how a from path is normalised, where each kind of record lives, and which
// patterns are safe to run on every 404. A path target ("/section/world") is resolved to
// its record by the writer (redirects/redirects.ts), since that needs the database.

export const REDIRECT_LIMITS = { path: 1_000, pattern: 300, url: 2_000 } as const;
export const REDIRECT_MATCHES = ['exact', 'prefix', 'regex'] as const;
export type RecordKind = 'story' | 'page' | 'section' | 'tag' | 'author';

const CONTROL = /[\u0000-\u001F\u007F-\u009F\s]/;

/** Percent-escapes decoded (left as they are when malformed), trailing slashes dropped. */
export function normalizePathPart(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // "%E0%A4%A" and the like: matched as typed.
  }
  return decoded.replace(/\/+$/, '') || '/';
}

/** A from path as the table stores it: the path normalised, the query (if any) as typed. */
export function normalizeRedirectPath(raw: string): string {
  const at = raw.indexOf('?');
  if (at < 0) return normalizePathPart(raw);
  const query = raw.slice(at + 1);
  const path = normalizePathPart(raw.slice(0, at));
  return query ? `${path}?${query}` : path;
}

export function recordPath(kind: RecordKind, slug: string): string {
  return kind === 'story' || kind === 'page' ? `/${slug}` : `/${kind}/${slug}`;
}

/** Which record a site path names: "/section/world", "/tag/x", "/author/x", or "/x" (a story or page). */
export function recordAtSitePath(path: string): { kinds: RecordKind[]; slug: string } | null {
  const parts = normalizePathPart(path).split('/').slice(1);
  const [first, second] = parts;
  if (parts.length === 1 && first && SLUG_PATTERN.test(first)) return { kinds: ['story', 'page'], slug: first };
  if (parts.length === 2 && second && SLUG_PATTERN.test(second) && (first === 'section' || first === 'tag' || first === 'author')) {
    return { kinds: [first], slug: second };
  }
  return null;
}

/**
 * The pattern compiled, or null when it does not compile or could backtrack without end:
 * regex rules run on every 404, so a quantified group that itself holds a quantifier
 * ("(a+)+", the classic catastrophic shape) and back-references are refused outright.
 */
export function compileRedirectPattern(pattern: string): RegExp | null {
  if (pattern.length > REDIRECT_LIMITS.pattern || /\\[1-9]|\\k</.test(pattern) || hasNestedQuantifier(pattern)) return null;
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

function hasNestedQuantifier(pattern: string): boolean {
  const open: boolean[] = [];
  let closedWithQuantifier = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      closedWithQuantifier = false;
      continue;
    }
    if (inClass) {
      inClass = c !== ']';
      continue;
    }
    const quantifier = c === '+' || c === '*' || c === '{' || (c === '?' && pattern[i - 1] !== '(');
    if (quantifier && closedWithQuantifier && c !== '?') return true;
    if (quantifier) open.fill(true);
    closedWithQuantifier = false;
    if (c === '[') inClass = true;
    else if (c === '(') open.push(false);
    else if (c === ')') closedWithQuantifier = open.pop() ?? false;
  }
  return false;
}

const from = z.string().trim().min(1, 'must not be empty').max(REDIRECT_LIMITS.path, `must be at most ${REDIRECT_LIMITS.path} characters`);

export const RedirectInputSchema = z
  .object({
    from,
    match: z.enum(REDIRECT_MATCHES, { errorMap: () => ({ message: 'must be exact, prefix or regex' }) }),
    target: z.string().trim().min(1, 'must not be empty').max(REDIRECT_LIMITS.url, `must be at most ${REDIRECT_LIMITS.url} characters`),
    status: z.enum(['301', '302'], { errorMap: () => ({ message: 'must be 301 (moved for good) or 302 (for now)' }) }),
  })
  .strict()
  .superRefine((input, ctx) => {
    const problem = fromProblem(input.match, input.from);
    if (problem) ctx.addIssue({ code: 'custom', path: ['from'], message: problem });
    const target = targetProblem(input.match, input.target);
    if (target) ctx.addIssue({ code: 'custom', path: ['target'], message: target });
  })
  .transform((input) => ({
    from: input.match === 'regex' ? input.from : normalizeRedirectPath(input.from),
    match: input.match,
    target: parseTarget(input.match, input.target),
    status: Number(input.status) as 301 | 302,
  }));
export type RedirectInput = z.infer<typeof RedirectInputSchema>;
export type RedirectTargetInput = { kind: 'url'; url: string } | { kind: 'path'; path: string };

function fromProblem(match: (typeof REDIRECT_MATCHES)[number], value: string): string | null {
  if (match === 'regex') {
    if (value.length > REDIRECT_LIMITS.pattern) return `must be at most ${REDIRECT_LIMITS.pattern} characters for a pattern`;
    return compileRedirectPattern(value)
      ? null
      : 'is not a usable regular expression (it does not compile, or it nests quantifiers like "(a+)+" or refers back to a group)';
  }
  if (!value.startsWith('/') || /^\/[/\\]/.test(value)) return 'must be a path on this site, starting with one "/"';
  if (CONTROL.test(value)) return 'must not contain spaces or control characters';
  if (match === 'prefix' && value.includes('?')) return 'a prefix rule matches paths only; leave out the "?" part';
  if (normalizeRedirectPath(value) === '/') return 'would catch the front page; name a longer path (or "/?p=12" for an old query link)';
  return null;
}

function targetProblem(match: (typeof REDIRECT_MATCHES)[number], value: string): string | null {
  if (CONTROL.test(value)) return 'must not contain spaces or control characters';
  if (/^https?:\/\//i.test(value)) return URL.canParse(value) ? null : 'is not a valid address';
  if (!value.startsWith('/') || /^\/[/\\]/.test(value))
    return 'must be a path on this site (such as /section/world) or a full https:// address';
  if (/\$[1-9]/.test(value) && match !== 'regex') return 'may use $1… only in a regex rule';
  return null;
}

function parseTarget(match: (typeof REDIRECT_MATCHES)[number], value: string): RedirectTargetInput {
  // A regex rule's "/new/$1" is filled in per request, so it cannot name one record.
  if (/^https?:\/\//i.test(value) || (match === 'regex' && /\$[1-9]/.test(value))) return { kind: 'url', url: value };
  return { kind: 'path', path: normalizeRedirectPath(value) };
}

/** The form fields the schema knows, as strings, everything else dropped. */
export const REDIRECT_FORM_KEYS = ['from', 'match', 'target', 'status'] as const;
