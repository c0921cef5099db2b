import type { ComponentChildren } from 'preact';
import type { PageMeta } from './view-model.js';

// The pages a reader meets through the newsletter's links: "check your inbox", the
// confirmation button, the unsubscribe button with their own data, and the answers.
// None is indexed, cached or canonical: most carry a private token in their URL.

export type TokenProblem = 'invalid' | 'spent';

export type NewsletterFlowView =
  | { kind: 'check-inbox' }
  | { kind: 'confirm'; token: string }
  | { kind: 'confirmed'; lists: string[] }
  | { kind: 'confirm-problem'; problem: TokenProblem }
  | { kind: 'unsubscribe'; token: string; email: string; list: string; state: 'ask' | 'done' | 'already' }
  | { kind: 'unsubscribe-problem'; problem: 'invalid' | 'gone' }
  | { kind: 'data-deleted' }
  | { kind: 'too-many'; minutes: number }
  | { kind: 'data-link-sent' }
  | { kind: 'data-link-too-many'; minutes: number }
  | { kind: 'data'; token: string; email: string }
  | { kind: 'data-link-problem'; problem: 'invalid' | 'spent' | 'gone' };

interface Notice {
  title: string;
  eyebrow: string;
  body: ComponentChildren;
}

const SIGN_UP_AGAIN = (
  <p>
    <a href="/newsletter">Sign up again</a>
  </p>
);

function listNames(lists: string[]): string {
  const quoted = lists.map((name) => `“${name}”`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/**
 * Behind the unsubscribe link, which every forwarded issue carries: only a request for a
 * data link, mailed to the subscribed address.
 */
function DataSection({ token }: { token: string }) {
  return (
    <section aria-labelledby="your-data">
      <h2 id="your-data" class="rule-heading">
        Your data
      </h2>
      <p>We hold your address, when and from which page you signed up, your lists, and which issues we sent you.</p>
      <form method="post" action={`/newsletter/data/link?token=${encodeURIComponent(token)}`}>
        <p>To see or delete it, we mail a link to the subscribed address. It works for 30 minutes.</p>
        <div class="newsletter-row">
          <button type="submit">Email me a link to see or delete my data</button>
        </div>
      </form>
    </section>
  );
}

/** Behind the mailed data link only. */
function DataActions({ token }: { token: string }) {
  const query = `?token=${encodeURIComponent(token)}`;
  return (
    <section aria-labelledby="your-data">
      <h2 id="your-data" class="rule-heading">
        Your data
      </h2>
      <p>We hold your address, when and from which page you signed up, your lists, and which issues we sent you.</p>
      <form method="post" action={`/newsletter/data${query}`}>
        <div class="newsletter-row">
          <button type="submit">Download my data</button>
        </div>
      </form>
      <form method="post" action={`/newsletter/data/delete${query}`}>
        <p>Deleting removes your address and everything above for good. You will get no more mail from us.</p>
        <div class="newsletter-row">
          <button type="submit">Delete my data</button>
        </div>
      </form>
    </section>
  );
}

function notice(view: NewsletterFlowView): Notice {
  switch (view.kind) {
    case 'check-inbox':
      return {
        eyebrow: 'Newsletter',
        title: 'Check your inbox',
        body: (
          <>
            <p class="dek">If the address can receive our newsletter, a message with a confirmation link is on its way.</p>
            <p>
              Open it and press the button on the page it leads to. The link works for 48 hours. Nothing arrived? Look in your spam folder,
              or sign up again in a few minutes.
            </p>
          </>
        ),
      };
    case 'confirm':
      return {
        eyebrow: 'Newsletter',
        title: 'Confirm your subscription',
        body: (
          <>
            <p class="dek">One more step: press the button to start receiving our newsletter.</p>
            <form method="post" action="/newsletter/confirm">
              <input type="hidden" name="token" value={view.token} />
              <div class="newsletter-row">
                <button type="submit">Confirm my subscription</button>
              </div>
            </form>
          </>
        ),
      };
    case 'confirmed':
      return {
        eyebrow: 'Newsletter',
        title: 'You’re subscribed',
        body: (
          <>
            <p class="dek">
              {view.lists.length > 0 ? `Thank you. You will receive ${listNames(view.lists)}.` : 'Thank you for confirming.'}
            </p>
            <p>Every issue has a link at the bottom to unsubscribe with one click.</p>
            <p>
              <a href="/">Go to the front page</a>
            </p>
          </>
        ),
      };
    case 'confirm-problem':
      return {
        eyebrow: 'Newsletter',
        title: view.problem === 'spent' ? 'This link has expired or was already used' : 'This confirmation link is not valid',
        body: (
          <>
            <p class="dek">
              {view.problem === 'spent'
                ? 'Confirmation links work once, for 48 hours. If you already confirmed, you are subscribed; otherwise, sign up again for a new link.'
                : 'The link may have been cut short when it was copied. Copy the whole link from the email, or sign up again for a new one.'}
            </p>
            <p>Nothing has changed.</p>
            {SIGN_UP_AGAIN}
          </>
        ),
      };
    case 'unsubscribe': {
      const title = view.state === 'ask' ? `Unsubscribe from “${view.list}”` : 'You’re unsubscribed';
      return {
        eyebrow: 'Newsletter',
        title,
        body: (
          <>
            {view.state === 'ask' ? (
              <>
                <p class="dek">
                  {view.email} will no longer receive “{view.list}”.
                </p>
                <form method="post" action={`/newsletter/unsubscribe?token=${encodeURIComponent(view.token)}`}>
                  <div class="newsletter-row">
                    <button type="submit">Unsubscribe</button>
                  </div>
                </form>
              </>
            ) : (
              <>
                <p class="dek">
                  {view.email} will no longer receive “{view.list}”.
                </p>
                <p>
                  Unsubscribed by mistake? <a href="/newsletter">Sign up again</a>.
                </p>
              </>
            )}
            <DataSection token={view.token} />
          </>
        ),
      };
    }
    case 'unsubscribe-problem':
      return view.problem === 'invalid'
        ? {
            eyebrow: 'Newsletter',
            title: 'This unsubscribe link is not valid',
            body: (
              <>
                <p class="dek">
                  The link may have been cut short when it was copied. Copy the whole link from the bottom of the email and try again.
                </p>
                <p>Nothing has changed.</p>
              </>
            ),
          }
        : {
            eyebrow: 'Newsletter',
            title: 'You’re not subscribed',
            body: <p class="dek">We hold no address for this link any more, so we will not write to it.</p>,
          };
    case 'data-link-sent':
      return {
        eyebrow: 'Newsletter',
        title: 'Check your inbox',
        body: (
          <>
            <p class="dek">We have mailed a link to see or delete your data to the address this newsletter goes to.</p>
            <p>It works for 30 minutes. Nothing has changed yet.</p>
          </>
        ),
      };
    case 'data-link-too-many':
      return {
        eyebrow: 'Newsletter',
        title: 'Too many links asked for',
        body: (
          <>
            <p class="dek">
              We have already mailed several links for this address in the last hour. Use the latest one, or try again in {view.minutes}{' '}
              {view.minutes === 1 ? 'minute' : 'minutes'}.
            </p>
            <p>Nothing has changed and no mail was sent.</p>
          </>
        ),
      };
    case 'data':
      return {
        eyebrow: 'Newsletter',
        title: 'Your newsletter data',
        body: (
          <>
            <p class="dek">What we hold about {view.email}.</p>
            <DataActions token={view.token} />
          </>
        ),
      };
    case 'data-link-problem':
      return view.problem === 'gone'
        ? {
            eyebrow: 'Newsletter',
            title: 'You’re not subscribed',
            body: <p class="dek">We hold no address for this link any more, so there is nothing to see or delete.</p>,
          }
        : {
            eyebrow: 'Newsletter',
            title: view.problem === 'spent' ? 'This link has expired or was already used' : 'This link is not valid',
            body: (
              <>
                <p class="dek">
                  Links to your data work for 30 minutes, and deleting works once. Ask for a new one from the unsubscribe link at the bottom
                  of any issue.
                </p>
                <p>Nothing has changed.</p>
              </>
            ),
          };
    case 'data-deleted':
      return {
        eyebrow: 'Newsletter',
        title: 'Your data is deleted',
        body: (
          <>
            <p class="dek">We have deleted your address and everything we held about it. You will get no more mail from us.</p>
            <p>Issues already sent are still counted, without your address.</p>
          </>
        ),
      };
    case 'too-many':
      return {
        eyebrow: 'Newsletter',
        title: 'Too many sign-ups',
        body: (
          <>
            <p class="dek">
              We have had too many sign-ups from your network in the last hour. Please try again in {view.minutes}{' '}
              {view.minutes === 1 ? 'minute' : 'minutes'}.
            </p>
            <p>Nothing was stored and no mail was sent.</p>
          </>
        ),
      };
    default: {
      const unreachable: never = view;
      throw new Error(`unknown newsletter page ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Never indexed, and without a canonical URL: most of these URLs carry a private token. */
export function newsletterFlowMeta(view: NewsletterFlowView): PageMeta {
  const { title } = notice(view);
  return { title, description: title, canonical: '', ogType: 'website', image: null, jsonLd: [], article: null, noindex: true };
}

export function NewsletterFlowPage({ view }: { view: NewsletterFlowView }) {
  const { title, eyebrow, body } = notice(view);
  return (
    <div class="wrap narrow notice">
      <p class="eyebrow">{eyebrow}</p>
      <h1 class="listing-heading">{title}</h1>
      {body}
    </div>
  );
}
