import juice from 'juice';
import { html, trusted, type Markup } from './email-markup.js';
import { EMAIL_CSS, EMAIL_WIDTH } from './email-style.js';
import { introParagraphs, preheaderOf, type EmailSectionView, type EmailStoryView, type IssueEmailView } from './issue-email-view.js';
import { mailHref } from './mail-href.js';

// The HTML part: one 600-pixel column of role="presentation" tables (the only layout
// Outlook's Word engine draws reliably), styles inlined by juice, a media query kept for
// phones, and Outlook's fixed-width "ghost" table in conditional comments. No obsolete
// attributes (bgcolor, cellpadding…): the same markup is the public web version, which
// must be valid HTML, and CSS on cells does the same work in every client we target.
// No tracking pixel and no redirected links: every URL is the story's own.

function link(url: string | null, content: Markup | string, className?: string): Markup {
  const href = mailHref(url);
  if (!href) return html`${content}`;
  return html`<a href="${href}"${className ? html` class="${className}"` : ''}>${content}</a>`;
}

function story(item: EmailStoryView, compact: boolean): Markup {
  const image =
    !compact && item.image && mailHref(item.image.src)
      ? link(
          item.url,
          html`<img class="story-image" src="${item.image.src}" width="${item.image.width}" height="${item.image.height}" alt="${item.image.alt}">`,
        )
      : '';
  const byline = [item.authors.length ? `By ${joinNames(item.authors)}` : '', item.date].filter(Boolean).join(' · ');
  return html`<tr><td class="story${compact ? ' brief' : ''}">${image}
${item.kicker && !compact ? html`<p class="kicker">${item.kicker}</p>` : ''}
<h3 class="headline">${link(item.url, item.title)}</h3>
${!compact && item.dek ? html`<p class="dek">${item.dek}</p>` : ''}
${item.excerpt && (compact || item.excerpt !== item.dek) ? html`<p class="dek">${item.excerpt}</p>` : ''}
${byline ? html`<p class="byline">${byline}</p>` : ''}
</td></tr>`;
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function section(item: EmailSectionView): Markup {
  return html`<tr><td class="section">
<table role="presentation"><tbody>
<tr><td><h2 class="section-name">${link(item.url, item.name)}</h2></td></tr>
${item.stories.map((s) => story(s, item.compact))}
</tbody></table>
</td></tr>`;
}

function footer(view: IssueEmailView): Markup {
  const address = view.publication.postalAddress.trim();
  const lines = address
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return html`<tr><td class="footer">
<p><span class="footer-name">${view.publication.name}</span>${
    lines.length
      ? html`<br>${lines.map((line, i) => html`${i ? html`<br>` : ''}${line}`)}`
      : html`<br>Postal address not set yet: add it in the newsroom under ${link(view.settingsUrl, 'Settings')}.`
  }</p>
<p>You are receiving ${view.list.name} because you subscribed to it at ${link(view.publication.siteUrl, hostOf(view.publication.siteUrl))} and confirmed your address.</p>
${view.publication.social.length ? html`<p>Follow us: ${view.publication.social.map((s, i) => html`${i ? ' · ' : ''}${link(s.url, s.label)}`)}</p>` : ''}
<p>${link(view.unsubscribeUrl, 'Unsubscribe')} from ${view.list.name} with one click. · ${link(view.webVersionUrl, 'View in your browser')}</p>
</td></tr>`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function issueEmailHtml(view: IssueEmailView): string {
  const paragraphs = introParagraphs(view.intro);
  // The preheader is padded with zero-width joiners so clients do not pull body text into the preview line.
  const padding = trusted('&#847;&zwnj;&nbsp;'.repeat(60));
  const document = html`<!DOCTYPE html>
<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${view.subject}</title>
<style>${trusted(EMAIL_CSS)}</style>
</head>
<body>
<div class="preheader">${preheaderOf(view)}${padding}</div>
<div role="article" aria-roledescription="email" aria-label="${view.subject}" lang="${view.lang}">
<table role="presentation" class="wrapper"><tbody><tr><td class="outer">
${trusted(`<!--[if mso]><table role="presentation" width="${EMAIL_WIDTH}" align="center" cellpadding="0" cellspacing="0" border="0"><tbody><tr><td><![endif]-->`)}
<table role="presentation" class="container"><tbody>
<tr><td class="topline">${link(view.webVersionUrl, 'View in your browser')}</td></tr>
<tr><td class="masthead"><h1 class="masthead-name">${link(view.publication.siteUrl, view.publication.name)}</h1>
<p class="masthead-list">${view.list.name}</p></td></tr>
${paragraphs.length ? html`<tr><td class="intro">${paragraphs.map((lines) => html`<p>${lines.map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</p>`)}</td></tr>` : ''}
${view.sections.map(section)}
<tr><td class="button-row"><table role="presentation"><tbody><tr><td class="button-cell">${link(view.publication.siteUrl, `More on ${view.publication.name}`, 'button')}</td></tr></tbody></table></td></tr>
${footer(view)}
</tbody></table>
${trusted('<!--[if mso]></td></tr></tbody></table><![endif]-->')}
</td></tr></tbody></table>
</div>
</body>
</html>
`;
  return juice(document.value, {
    preserveMediaQueries: true,
    removeStyleTags: true,
    // Width, height, align and bgcolor attributes are obsolete HTML; the CSS carries them.
    applyAttributesTableElements: false,
    applyWidthAttributes: false,
    applyHeightAttributes: false,
    preserveImportant: true,
  });
}
