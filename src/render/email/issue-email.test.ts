import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { UNSUBSCRIBE_URL_MARKER } from '../../newsletter/unsubscribe-link.js';
import { renderIssueEmail, type IssueEmailView } from './issue-email.js';

/** Script elements and event-handler attributes, as a browser's parser would see them. */
function dangerousMarkup(markup: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'script') found.push('<script>');
      for (const key of Object.keys(attributes)) if (/^on/i.test(key)) found.push(`${name}[${key}]`);
    },
  });
  parser.write(markup);
  parser.end();
  return found;
}

const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function view(overrides: Partial<IssueEmailView> = {}): IssueEmailView {
  return {
    subject: 'The Monitor: the week of 27 November',
    intro: 'First line of the week.\nStill the first paragraph.\n\nA second paragraph.',
    lang: 'en-GB',
    publication: {
      name: 'The Monitor',
      postalAddress: '1 Quay Street\nHamburg',
      siteUrl: 'https://mag.example',
      social: [{ label: 'Mastodon', url: 'https://social.example/@mon' }],
    },
    list: { name: 'Weekly round-up', description: 'Every Friday.' },
    webVersionUrl: 'https://mag.example/newsletter/issues/7',
    unsubscribeUrl: UNSUBSCRIBE_URL_MARKER,
    settingsUrl: 'https://mag.example/admin/settings',
    sections: [
      {
        name: 'Europe',
        url: 'https://mag.example/section/europe',
        compact: false,
        stories: [
          {
            url: 'https://mag.example/rubio-walk-away',
            title: 'Rubio threatens to walk away',
            dek: 'A deadline in Paris.',
            excerpt: 'Talks stall.',
            kicker: 'Reporting | Europe',
            authors: ['Jane Doe', 'Ann Lee'],
            date: '18 April 2025',
            image: { src: 'https://mag.example/media/abc-960.jpg', width: 552, height: 368, alt: 'The quai in Paris' },
          },
        ],
      },
      {
        name: 'QiOSK',
        url: 'https://mag.example/section/qiosk',
        compact: true,
        stories: [
          {
            url: 'https://mag.example/brief-one',
            title: 'A brief',
            dek: null,
            excerpt: 'One line.',
            kicker: 'Brief | QiOSK',
            authors: [],
            date: '19 April 2025',
            image: null,
          },
        ],
      },
    ],
    ...overrides,
  };
}

describe('renderIssueEmail', () => {
  it('carries the unsubscribe marker in both parts, where the link goes', () => {
    const mail = renderIssueEmail(view());
    expect(mail.html).toContain(`href="${UNSUBSCRIBE_URL_MARKER}"`);
    expect(mail.text).toContain(`\n${UNSUBSCRIBE_URL_MARKER}`);
    const personal = mail.html.replaceAll(UNSUBSCRIBE_URL_MARKER, 'https://mag.example/newsletter/unsubscribe?token=d1.abc_-');
    expect(personal).toContain('href="https://mag.example/newsletter/unsubscribe?token=d1.abc_-"');
  });

  it('is a table layout with inlined styles, a kept media query, a preheader, lang and only absolute URLs', () => {
    const { html, text } = renderIssueEmail(view());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toMatch(/<table role="presentation" class="container" style="[^"]*max-width: 600px/);
    expect(html).toMatch(/<style>\s*@media screen and \(max-width: 620px\)/);
    expect(html).toMatch(/<div class="preheader" style="display: none;[^"]*">First line of the week\./);
    expect(html).toContain(
      '<img class="story-image" src="https://mag.example/media/abc-960.jpg" width="552" height="368" alt="The quai in Paris"',
    );
    for (const [, href] of html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(href).toMatch(/^https:\/\//);
    expect(html.replace(/<!--\[if mso\]>.*?<!\[endif\]-->/g, '')).not.toMatch(/bgcolor|cellpadding/);
    expect(html).toContain('1 Quay Street<br>Hamburg');
    expect(text).toContain('https://mag.example/rubio-walk-away');
    expect(text).toContain('1 Quay Street\nHamburg');
    expect(text).toContain('View in your browser: https://mag.example/newsletter/issues/7');
    expect(text.split('\n').every((line) => line.length <= 78 || /^https?:\/\//.test(line))).toBe(true);
  });

  it('escapes script in the subject, intro, titles, deks, kickers, names and the address', () => {
    const story = {
      url: 'https://mag.example/x',
      title: XSS,
      dek: XSS,
      excerpt: XSS,
      kicker: XSS,
      authors: [XSS],
      date: XSS,
      image: { src: 'https://mag.example/media/x.jpg', width: 10, height: 10, alt: `" onload="alert(3)` },
    };
    const { html, subject } = renderIssueEmail(
      view({
        subject: XSS,
        intro: XSS,
        publication: { name: XSS, postalAddress: XSS, siteUrl: 'https://mag.example', social: [] },
        list: { name: XSS, description: XSS },
        sections: [{ name: XSS, url: null, compact: false, stories: [story] }],
      }),
    );
    expect(dangerousMarkup(html)).toEqual([]);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(subject).toBe(XSS);
  });

  it('drops javascript: and data: links instead of emitting them', () => {
    const bad = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/relative',
    ];
    for (const url of bad) {
      const { html, text } = renderIssueEmail(
        view({
          publication: { name: 'M', postalAddress: '', siteUrl: 'https://mag.example', social: [{ label: 'X', url }] },
          sections: [
            {
              name: 'S',
              url,
              compact: false,
              stories: [
                {
                  url,
                  title: 'T',
                  dek: null,
                  excerpt: '',
                  kicker: '',
                  authors: [],
                  date: '',
                  image: { src: url, width: 1, height: 1, alt: '' },
                },
              ],
            },
          ],
        }),
      );
      expect(html).not.toMatch(/javascript:|data:text|href="\/relative"/i);
      expect(text).not.toMatch(/javascript:|data:text/i);
    }
  });

  it('says where to set the postal address while it is missing', () => {
    const { html, text } = renderIssueEmail(
      view({ publication: { name: 'M', postalAddress: '  ', siteUrl: 'https://mag.example', social: [] } }),
    );
    expect(html).toContain('href="https://mag.example/admin/settings"');
    expect(text).toContain('Postal address not set yet');
  });
});
