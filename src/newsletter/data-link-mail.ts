import type { MailMessage } from '../mail/mailer.js';
import { escapeHtml } from '../render/blocks/escape-html.js';

// The mail that carries a subscriber's data link. It goes only to the subscribed address,
// which is the point: whoever holds a forwarded issue can ask for it, but only the
// mailbox's owner can open it. Every word is ours or the newsroom's.

export function dataLinkMail(ctx: { publicationName: string; to: string }, input: { dataUrl: string; validMinutes: number }): MailMessage {
  const pub = ctx.publicationName;
  const intro = `Someone, probably you, asked to see or delete what ${pub} holds about ${ctx.to}.`;
  const validity =
    `The link works for ${input.validMinutes} minutes; deleting works once. ` +
    'If you did not ask for this, ignore this message: nothing changes.';
  return {
    to: ctx.to,
    subject: `Your newsletter data at ${pub}`,
    text: `${intro}\n\nSee or delete your data:\n${input.dataUrl}\n\n${validity}\n`,
    html:
      '<!doctype html><html><body style="font-family:Georgia,serif;font-size:17px;line-height:1.5;color:#161616;max-width:36rem">' +
      `<p>${escapeHtml(intro)}</p>` +
      `<p><a href="${escapeHtml(input.dataUrl)}">See or delete your data</a></p>` +
      `<p>${escapeHtml(validity)}</p>` +
      '</body></html>',
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
