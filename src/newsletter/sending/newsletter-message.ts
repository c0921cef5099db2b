import { randomBytes } from 'node:crypto';
import { bulkMessage } from '../../mail/bulk-mime.js';
import type { SendingIssue } from '../../store/newsletter/delivery-repository.js';
import { UNSUBSCRIBE_URL_MARKER, unsubscribeToken, unsubscribeUrlOf } from '../unsubscribe-link.js';

// An issue's messages, stamped from one MIME template (mail/bulk-mime.ts): only To,
// Date, Message-ID and the unsubscribe link differ. The send and the editor's test
// both go through here, so a test looks exactly like what subscribers get.

export interface OutgoingMessage {
  to: string;
  messageId: string;
  raw: Buffer;
}

/** A delivery's message; `deliveryId: null` is a test, whose links name nobody's subscription. */
export type ComposeMessage = (recipient: { to: string; deliveryId: number | null }) => OutgoingMessage;

export type IssueMessageSource = Pick<SendingIssue, 'id' | 'subject' | 'html' | 'text' | 'listSlug' | 'listName' | 'publicationName'>;

export function issueMessages(
  identity: { siteUrl: string; secretKey: string; mailFrom: string },
  issue: IssueMessageSource,
): ComposeMessage {
  const domain = identity.mailFrom.slice(identity.mailFrom.lastIndexOf('@') + 1) || new URL(identity.siteUrl).hostname;
  // Unique per run of the send; with the issue and delivery ids, unique per message.
  const nonce = randomBytes(6).toString('hex');
  let tests = 0;
  const stamp = bulkMessage({
    fromName: issue.publicationName,
    fromAddress: identity.mailFrom,
    subject: issue.subject,
    html: issue.html,
    text: issue.text,
    list: { id: `${issue.listSlug}.${domain}`, name: issue.listName },
    marker: UNSUBSCRIBE_URL_MARKER,
  });
  return ({ to, deliveryId }) => {
    // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to the URL.
    const token = deliveryId === null ? null : unsubscribeToken(identity.secretKey, { delivery: deliveryId });
    const messageId = `<issue${issue.id}.${deliveryId === null ? `test${(tests += 1)}` : `d${deliveryId}`}.${nonce}@${domain}>`;
    const raw = stamp({
      to,
      messageId,
      unsubscribeUrl: token === null ? `${identity.siteUrl}/newsletter` : unsubscribeUrlOf(identity.siteUrl, token),
      unsubscribeMailto: `mailto:${identity.mailFrom}?subject=unsubscribe${token === null ? '' : `%20${token}`}`,
    });
    return { to, messageId, raw };
  };
}
