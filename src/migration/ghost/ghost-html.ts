// Small HTML-writing pieces shared by the three body converters (lexical, mobiledoc and
// Ghost's own rendered html column), so every path produces the same source-model forms.

export function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function escapeAttr(text: string): string {
  return escapeText(text).replaceAll('"', '&quot;');
}

/**
 * Ghost stores its own site's URLs as `__GHOST_URL__/path`; the export never says what the
 * site's address was, so they become site-relative paths the runner can match.
 */
export function resolveGhostUrls(text: string): string {
  return text.replace(/__GHOST_URL__(\/?)/g, '/');
}

/** A nullable value from a row as text, `__GHOST_URL__` resolved. */
export function ghostUrl(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return resolveGhostUrls(value.trim());
}
