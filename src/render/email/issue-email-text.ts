import { introParagraphs, type EmailStoryView, type IssueEmailView } from './issue-email-view.js';
import { mailHref } from './mail-href.js';

// The plain-text part: the same content and the same URLs as the HTML part, wrapped at
// 72 characters (RFC 5322 asks for at most 78), each URL on a line of its own so no
// client breaks it.

const WIDTH = 72;

function wrap(text: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function story(item: EmailStoryView, compact: boolean): string[] {
  const out: string[] = [];
  if (item.kicker && !compact) out.push(item.kicker.toUpperCase());
  out.push(...wrap(item.title));
  if (!compact && item.dek) out.push(...wrap(item.dek));
  if (item.excerpt && (compact || item.excerpt !== item.dek)) out.push(...wrap(item.excerpt));
  const byline = [item.authors.length ? `By ${item.authors.join(', ')}` : '', item.date].filter(Boolean).join(' · ');
  if (byline) out.push(...wrap(byline));
  const url = mailHref(item.url);
  if (url) out.push(url);
  return out;
}

export function issueEmailText(view: IssueEmailView): string {
  const blocks: string[][] = [];
  const web = mailHref(view.webVersionUrl);
  blocks.push([view.publication.name.toUpperCase(), view.list.name, ...(web ? [`View in your browser: ${web}`] : [])]);
  for (const lines of introParagraphs(view.intro)) blocks.push(wrap(lines.join(' ')));
  for (const section of view.sections) {
    const rule = '-'.repeat(Math.min(WIDTH, Math.max(section.name.length, 8)));
    blocks.push([section.name.toUpperCase(), rule]);
    for (const item of section.stories) blocks.push(story(item, section.compact));
  }
  const address = view.publication.postalAddress
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const site = mailHref(view.publication.siteUrl);
  const footer = [
    '-'.repeat(WIDTH),
    view.publication.name,
    ...(address.length ? address : wrap(`Postal address not set yet: add it in the newsroom under Settings (${view.settingsUrl}).`)),
    '',
    ...wrap(
      `You are receiving ${view.list.name} because you subscribed to it at ${site ?? view.publication.siteUrl} and confirmed your address.`,
    ),
  ];
  const social = view.publication.social.flatMap((s) => (mailHref(s.url) ? [`${s.label}: ${s.url}`] : []));
  if (social.length) footer.push('', 'Follow us:', ...social);
  const unsubscribe = mailHref(view.unsubscribeUrl);
  if (unsubscribe) footer.push('', `Unsubscribe from ${view.list.name}:`, unsubscribe);
  blocks.push(footer);
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
