import { z } from 'zod';
import { checkSubscriberAddress } from '../content/subscriber-address.js';

// A sign-up as it arrives, from the form on every page or as JSON, turned into plain data
// or one clear refusal. Nothing here touches the database: which lists exist is decided
// by the caller.

export interface SignupRequest {
  email: string;
  /** Slugs as given, duplicates removed; empty means the default list. */
  newsletters: string[];
  /** The page the form was on (a same-site path), or "api". */
  source: string;
  /** The hidden field people leave empty was filled in: a bot. */
  honeypot: boolean;
}

export type SignupInputError =
  { code: 'SUBSCRIBER_ADDRESS_INVALID'; message: string; field: 'email' } | { code: 'INVALID'; message: string; field: string };

export type ParsedSignup =
  | { ok: true; request: SignupRequest }
  | {
      ok: false;
      error: SignupInputError;
      /** What the reader typed, to show again. */ email: string;
      source: string;
      newsletters: string[];
    };

const MAX_LISTS = 20;

/** The form's hidden `source`: a path on this site, else "form" (never a URL elsewhere). */
export function consentSource(raw: unknown): string {
  if (typeof raw !== 'string') return 'form';
  const path = raw.split(/[?#]/)[0] ?? '';
  if (path.length > 200 || !/^\/(?![/\\])[A-Za-z0-9/_.~%-]*$/.test(path)) return 'form';
  return path;
}

function listField(raw: unknown): string[] | null {
  if (raw === undefined || raw === '') return [];
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length > MAX_LISTS || !items.every((item) => typeof item === 'string')) return null;
  return [...new Set(items)];
}

function finish(email: unknown, newsletters: unknown, source: string, honeypot: boolean, choiceShown = false): ParsedSignup {
  const typed = typeof email === 'string' ? email.slice(0, 320) : '';
  const lists = listField(newsletters);
  if (lists === null) {
    return {
      ok: false,
      error: { code: 'INVALID', field: 'newsletters', message: `Choose at most ${MAX_LISTS} newsletters, by their names.` },
      email: typed,
      source,
      newsletters: [],
    };
  }
  // Where the form offered a choice, none ticked is a mistake, not "the default list".
  if (choiceShown && lists.length === 0 && !honeypot) {
    return {
      ok: false,
      error: { code: 'INVALID', field: 'newsletters', message: 'Tick at least one newsletter.' },
      email: typed,
      source,
      newsletters: [],
    };
  }
  // A bot that filled the hidden field gets the ordinary answer, whatever it typed.
  if (honeypot) return { ok: true, request: { email: typed, newsletters: lists, source, honeypot } };
  const address = checkSubscriberAddress(email);
  if (!address.ok)
    return {
      ok: false,
      error: { code: 'SUBSCRIBER_ADDRESS_INVALID', field: 'email', message: address.reason },
      email: typed,
      source,
      newsletters: lists,
    };
  return { ok: true, request: { email: address.email, newsletters: lists, source, honeypot } };
}

export function parseSignupForm(body: unknown): ParsedSignup {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const website = form.website;
  const honeypot = typeof website === 'string' ? website.trim() !== '' : website !== undefined;
  return finish(form.email, form.newsletters, consentSource(form.source), honeypot, form.choice !== undefined);
}

const JsonSignup = z
  .object({
    email: z.unknown(),
    newsletters: z.array(z.string().max(100)).max(MAX_LISTS).optional(),
  })
  .strict();

export function parseSignupJson(body: unknown): ParsedSignup {
  const parsed = JsonSignup.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    const message =
      issue?.code === 'unrecognized_keys'
        ? `Unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}: send only "email" and "newsletters".`
        : `${field}: send {"email": "…", "newsletters": ["slug", …]}.`;
    return { ok: false, error: { code: 'INVALID', field, message }, email: '', source: 'api', newsletters: [] };
  }
  return finish(parsed.data.email, parsed.data.newsletters, 'api', false);
}
