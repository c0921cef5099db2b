/** An excerpt as paragraphs: a blank line in the text starts a new one. */
export function Excerpt({ text, class: className }: { text: string; class: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean);
  return (
    <div class={className}>
      {paragraphs.map((paragraph) => (
        <p>{paragraph}</p>
      ))}
    </div>
  );
}
