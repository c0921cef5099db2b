import type { MailMessage } from '../mail/mailer.js';
import { escapeHtml } from '../render/blocks/escape-html.js';

// The two mails a sign-up can cause. Only the address itself (already checked strictly)
// comes from the person who signed up; every other word is ours or the newsroom's, so a
// sign-up form cannot be used to send someone else a message of the attacker's making
// (SECURITY.md, "sign-up abuse").

export interface SignupMailContext {
  publicationName: string;
  siteUrl: string;
  to: string;
}

function names(lists: Array<{ name: string }>): string {
  const all = lists.map((list) => `“${list.name}”`);
  return all.length <= 1 ? all.join('') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}

function html(paragraphs: string[]): string {
  return `<!doctype html><html><body style="font-family:Georgia,serif;font-size:17px;line-height:1.5;color:#161616;max-width:36rem">${paragraphs.join('')}</body></html>`;
}

function button(href: string, label: string): string {
  return `<p><a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 20px;background:#a3161c;color:#ffffff;font-family:sans-serif;font-weight:bold;text-decoration:none">${escapeHtml(label)}</a></p>`;
}

export function confirmationMail(ctx: SignupMailContext, input: { confirmUrl: string; lists: Array<{ name: string }> }): MailMessage {
  const lists = names(input.lists);
  const pub = ctx.publicationName;
  return {
    kind: 'subscriber-confirmation',
    to: ctx.to,
    subject: `Confirm your subscription to ${pub}`,
    text:
      `Please confirm that you want ${lists} from ${pub} at ${ctx.to}.\n\n` +
      `Confirm your subscription:\n${input.confirmUrl}\n\n` +
      'The link works for 48 hours. If you did not ask for this, ignore this message: ' +
      'you will not be subscribed and we will not write again.\n',
    html: html([
      `<p>Please confirm that you want ${escapeHtml(lists)} from ${escapeHtml(pub)} at ${escapeHtml(ctx.to)}.</p>`,
      button(input.confirmUrl, 'Confirm your subscription'),
      `<p>Or open this link: <a href="${escapeHtml(input.confirmUrl)}">${escapeHtml(input.confirmUrl)}</a></p>`,
      '<p>The link works for 48 hours. If you did not ask for this, ignore this message: you will not be subscribed and we will not write again.</p>',
    ]),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

export function alreadySubscribedMail(
  ctx: SignupMailContext,
  input: { lists: Array<{ name: string; unsubscribeUrl: string }> },
): MailMessage {
  const pub = ctx.publicationName;
  const lines = input.lists.map((list) => `To stop receiving “${list.name}”: ${list.unsubscribeUrl}`);
  return {
    kind: 'subscriber-confirmation',
    to: ctx.to,
    subject: `You are already subscribed to ${pub}`,
    text:
      `Someone, probably you, asked to subscribe ${ctx.to} to ${names(input.lists)} from ${pub}. ` +
      'You are already subscribed, so nothing has changed.\n\n' +
      `${lines.join('\n')}\n`,
    html: html([
      `<p>Someone, probably you, asked to subscribe ${escapeHtml(ctx.to)} to ${escapeHtml(names(input.lists))} from ${escapeHtml(pub)}. You are already subscribed, so nothing has changed.</p>`,
      ...input.lists.map(
        (list) => `<p>To stop receiving “${escapeHtml(list.name)}”: <a href="${escapeHtml(list.unsubscribeUrl)}">unsubscribe</a>.</p>`,
      ),
    ]),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
