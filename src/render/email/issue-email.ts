import { issueEmailHtml } from './issue-email-html.js';
import { issueEmailText } from './issue-email-text.js';
import type { IssueEmailView } from './issue-email-view.js';

// One issue, both parts. Pure: the same view always renders the same mail.

export type { EmailImageView, EmailSectionView, EmailStoryView, IssueEmailView } from './issue-email-view.js';

export function renderIssueEmail(view: IssueEmailView): { subject: string; html: string; text: string } {
  return { subject: view.subject.replace(/[\r\n]+/g, ' ').trim(), html: issueEmailHtml(view), text: issueEmailText(view) };
}
