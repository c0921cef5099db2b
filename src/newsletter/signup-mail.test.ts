import { describe, expect, it } from 'vitest';
import { alreadySubscribedMail, confirmationMail } from './signup-mail.js';

const ctx = { publicationName: 'The Ledger & Co', siteUrl: 'https://ledger.example', to: 'reader@example.org' };

describe('the sign-up mails', () => {
  it('carry the confirmation link in the text and, escaped, in the HTML', () => {
    const url = 'https://ledger.example/newsletter/confirm?token=abc_DEF-123';
    const mail = confirmationMail(ctx, { confirmUrl: url, lists: [{ name: 'Weekly round-up' }, { name: 'QiOSK <daily>' }] });
    expect(mail.to).toBe('reader@example.org');
    expect(mail.subject).toBe('Confirm your subscription to The Ledger & Co');
    expect(mail.text).toContain(`\n${url}\n`);
    expect(mail.text).toContain('“Weekly round-up” and “QiOSK <daily>”');
    expect(mail.text).toMatch(/48 hours/);
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.html).toContain('QiOSK &lt;daily&gt;');
    expect(mail.html).toContain('The Ledger &amp; Co');
    expect(mail.html).not.toContain('<daily>');
  });

  it('tell a subscriber they are already subscribed, with an unsubscribe link per list and no confirmation link', () => {
    const mail = alreadySubscribedMail(ctx, {
      lists: [{ name: 'Weekly round-up', unsubscribeUrl: 'https://ledger.example/newsletter/unsubscribe?token=s1-1.x' }],
    });
    expect(mail.subject).toBe('You are already subscribed to The Ledger & Co');
    expect(mail.text).toContain('To stop receiving “Weekly round-up”: https://ledger.example/newsletter/unsubscribe?token=s1-1.x');
    expect(mail.text).not.toContain('/newsletter/confirm');
    expect(mail.html).toContain('href="https://ledger.example/newsletter/unsubscribe?token=s1-1.x"');
  });
});
