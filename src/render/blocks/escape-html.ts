// Escapes text and attribute values alike (both quote styles), so one function is
// safe in every HTML context the block renderer writes: element content and
// double-quoted attributes.
const REPLACEMENTS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => REPLACEMENTS[char] ?? char);
}
