import { flattenBlocks, hasBlocks } from './gutenberg-blocks.js';
import { embedFigure, replaceShortcodes, type BodyMedia } from './wordpress-shortcodes.js';
import { wpautop } from './wpautop.js';

export type { BodyMedia } from './wordpress-shortcodes.js';

// A post's `content:encoded` as the HTML the source model expects. Pure: the attachments
// it may name come in through `media`. The order follows WordPress's own content
// filters: blocks, then auto-embeds, wpautop for classic posts, then shortcodes.

export interface WordpressBodyInput {
  content: string;
  /** The post's id, for a [gallery] without ids (its attached images). */
  postId: string;
  media: BodyMedia;
}

export interface WordpressBody {
  html: string;
  /** The text before `<!--more-->`, as plain text; null when the post has no such marker. */
  textBeforeMore: string | null;
  warnings: string[];
}

const MORE = /<!--more(?:\s[\s\S]*?)?-->/;
const NEXTPAGE = /<!--nextpage-->/g;

export function convertWordpressBody({ content, postId, media }: WordpressBodyInput): WordpressBody {
  const warnings = new Set<string>();
  const blocks = hasBlocks(content);
  let text = content.replace(/\r\n?/g, '\n');

  const more = MORE.exec(text);
  const textBeforeMore = more ? plainText(text.slice(0, more.index)) : null;
  // A page break has no place in one long story: a rule keeps the parts apart.
  text = text.replace(MORE, '').replace(NEXTPAGE, '\n\n<hr>\n\n');

  if (blocks) text = flattenBlocks(text, warnings);
  else text = wpautop(autoEmbeds(text));
  text = replaceShortcodes(text, { postId, media, warnings });
  // Shortcodes that stood alone were wrapped in a paragraph by wpautop (WordPress's shortcode_unautop).
  text = text.replace(/<p>\s*(<figure\b[\s\S]*?<\/figure>)\s*(?:<br \/>\s*)?<\/p>/g, '$1');

  return { html: text.trim(), textBeforeMore, warnings: [...warnings] };
}

/** A URL alone on its line is an embed in classic posts (WordPress's autoembed). */
function autoEmbeds(text: string): string {
  return text.replace(/^[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*$/gm, (_, url: string) => `\n\n${embedFigure(url)}\n\n`);
}

function plainText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/\[\/?[a-z][^\]]*\]/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
