import type { MailMessage } from '../mail/mailer.js';

// The mail that invites a new staff member (issue 13): who asked, for which newsroom, and
// the one-time set-up link with how long it works. The same link is shown once on the
// staff screen, so the person can also be given it another way if the mail goes astray.

export interface Invitation {
  to: string;
  name: string;
  invitedBy: string;
  publicationName: string;
  link: string;
  validHours: number;
}

export function invitationMail(invitation: Invitation): MailMessage {
  const { name, invitedBy, publicationName, link, validHours } = invitation;
  return {
    kind: 'staff-setup',
    to: invitation.to,
    subject: `You are invited to the ${publicationName} newsroom`,
    text:
      `Hello ${name},\n\n` +
      `${invitedBy} invited you to the ${publicationName} newsroom.\n\n` +
      `To set up your account, open this link and choose your password. It works once, ` +
      `within ${validHours} hours:\n${link}\n\n` +
      'If you did not expect this invitation, ignore this message; nothing happens without the link.\n',
  };
}
