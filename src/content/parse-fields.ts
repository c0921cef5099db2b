// Building blocks for parsing untrusted JSON (stored bodies) into typed nodes.

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

export type Fields = Record<string, unknown>;

/**
 * A plain JSON object, or null. Objects with `__proto__`, `constructor` or `prototype`
 * keys are refused outright (SECURITY.md, prototype pollution): nothing legitimate
 * in a body uses those names.
 */
export function record(value: unknown): Fields | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return null;
  return FORBIDDEN_KEYS.some((key) => Object.hasOwn(value, key)) ? null : (value as Fields);
}

/**
 * The well-formed items of a list, dropping the rest. An absent list is empty; a
 * present value that is not a list makes its owner malformed (null).
 */
export function list<T>(value: unknown, parse: (item: unknown) => T | null): T[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  return value.map(parse).filter((item): item is T => item !== null);
}
