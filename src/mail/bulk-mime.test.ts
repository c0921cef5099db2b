import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { bulkMessage, encodeWords, mailDate } from './bulk-mime.js';

const MARKER = 'https://masthead.invalid/unsubscribe-url';

const stamp = (overrides: Partial<Parameters<typeof bulkMessage>[0]> = {}) =>
  bulkMessage({
    fromName: 'The Parallax',
    fromAddress: 'news@parallax.example',
    subject: 'The week of 27 November',
    html: `<p>Café “quotes” — and a link: <a href="${MARKER}">unsubscribe</a></p>`,
    text: `Café — unsubscribe: ${MARKER}`,
    list: { id: 'weekly.parallax.example', name: 'Weekly round-up' },
    marker: MARKER,
    ...overrides,
  });
const recipient = {
  to: 'reader@inbox.example',
  messageId: '<issue1.d7.abc@parallax.example>',
  unsubscribeUrl: 'https://parallax.example/newsletter/unsubscribe?token=d7.x',
  unsubscribeMailto: 'mailto:news@parallax.example?subject=unsubscribe%20d7.x',
};

describe('bulkMessage', () => {
  it('stamps a message that a real parser reads back whole', async () => {
    const raw = stamp()(recipient, new Date('2026-11-27T10:00:00Z'));
    expect(raw.toString()).toMatch(/\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n/);
    const mail = await simpleParser(raw);
    expect(mail.from?.value).toEqual([{ address: 'news@parallax.example', name: 'The Parallax' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address : null).toBe('reader@inbox.example');
    expect(mail.subject).toBe('The week of 27 November');
    expect(mail.messageId).toBe('<issue1.d7.abc@parallax.example>');
    expect(mail.date?.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(mail.headers.get('list')).toMatchObject({ id: { name: 'Weekly round-up', id: 'weekly.parallax.example' } });
    expect(mail.html).toBe(`<p>Café “quotes” — and a link: <a href="${recipient.unsubscribeUrl}">unsubscribe</a></p>`);
    expect(mail.text).toBe(`Café — unsubscribe: ${recipient.unsubscribeUrl}`);
    expect(
      raw
        .toString()
        .split('\r\n')
        .every((line) => line.length <= 998),
    ).toBe(true);
  });

  it('encodes a subject and names outside ASCII, and quotes the rest', async () => {
    const mail = await simpleParser(
      stamp({
        fromName: 'Die "Wochen" Übersicht',
        subject: 'Zürich, Kraków and Đà Nẵng: a week of ceasefire talks and their long aftermath',
      })(recipient),
    );
    expect(mail.subject).toBe('Zürich, Kraków and Đà Nẵng: a week of ceasefire talks and their long aftermath');
    expect(mail.from?.value[0]!.name).toBe('Die "Wochen" Übersicht');
    expect(
      encodeWords('a'.repeat(100))
        .split('\r\n ')
        .every((word) => word.length <= 75),
    ).toBe(true);
    expect((await simpleParser(stamp({ fromName: 'The "Quoted" Desk' })(recipient))).from?.value[0]!.name).toBe('The "Quoted" Desk');
  });

  it('refuses a header value that could start a new header line', () => {
    expect(() => stamp({ subject: 'Hi\r\nBcc: all@evil.example' })).toThrow('line break');
    expect(() => stamp()({ ...recipient, to: 'a@b.example\r\nBcc: x@evil.example' })).toThrow('not safe');
    expect(() => stamp()({ ...recipient, to: 'a@b.example>, <x@evil.example' })).toThrow('not safe');
  });

  it('writes RFC 5322 dates', () => {
    expect(mailDate(new Date('2026-01-02T03:04:05Z'))).toBe('Fri, 02 Jan 2026 03:04:05 +0000');
  });
});
