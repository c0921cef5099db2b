import { useSite } from './site-context.js';

/** What the sign-up form shows beyond its defaults: the lists to choose among, a refusal. */
export interface NewsletterFormView {
  /** The page the form is on (a site path), recorded with the reader's consent. */
  source: string;
  /** Lists to choose among; the choice shows only when there are two or more. */
  lists?: Array<{ slug: string; name: string; description: string; checked: boolean }>;
  /** The address as typed, shown again after a refusal. */
  email?: string;
  error?: string;
  /** Which field the error is about (default: the address). */
  errorField?: 'email' | 'newsletters';
}

interface NewsletterPanelProps {
  /** The sign-up page makes the panel's title its h1. */
  headingLevel: 1 | 2;
  heading: string;
  form: NewsletterFormView;
}

export function NewsletterPanel({ headingLevel, heading, form }: NewsletterPanelProps) {
  const { newsletterPitch } = useSite().publication;
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const lists = form.lists ?? [];
  // A list error shows by the lists when they are shown; anything else by the address.
  const listError = form.error && form.errorField === 'newsletters' && lists.length > 1 ? form.error : undefined;
  const emailError = form.error && !listError ? form.error : undefined;
  const emailInvalid = emailError !== undefined && form.errorField !== 'newsletters';
  return (
    <section class="newsletter" aria-labelledby="newsletter-heading">
      <Heading id="newsletter-heading" class="newsletter-heading">
        {heading}
      </Heading>
      <p class="newsletter-pitch">{newsletterPitch}</p>
      <form class="newsletter-form" method="post" action="/newsletter/subscribe">
        {lists.length > 1 && (
          <fieldset class="newsletter-lists" aria-describedby={listError ? 'newsletter-lists-error' : undefined}>
            <legend>Newsletters</legend>
            <input type="hidden" name="choice" value="1" />
            {listError && (
              <p id="newsletter-lists-error" class="field-error">
                {listError}
              </p>
            )}
            {lists.map((list) => (
              <div class="newsletter-list">
                <input id={`newsletter-list-${list.slug}`} type="checkbox" name="newsletters" value={list.slug} checked={list.checked} />
                <label for={`newsletter-list-${list.slug}`}>
                  <strong>{list.name}</strong>
                  {list.description && ` — ${list.description}`}
                </label>
              </div>
            ))}
          </fieldset>
        )}
        <label for="newsletter-email">Email address</label>
        {emailError && (
          <p id="newsletter-email-error" class="field-error">
            {emailError}
          </p>
        )}
        <div class="newsletter-row">
          <input
            id="newsletter-email"
            type="email"
            name="email"
            required
            autocomplete="email"
            spellcheck={false}
            value={form.email}
            aria-invalid={emailInvalid ? 'true' : undefined}
            aria-describedby={emailError ? 'newsletter-email-error' : undefined}
          />
          <button type="submit">Subscribe</button>
        </div>
        <input type="hidden" name="source" value={form.source} />
        {/* A field people never see or reach: bots that fill it in are turned away. */}
        <div class="hp" aria-hidden="true">
          <label for="newsletter-website">Leave this field empty</label>
          <input id="newsletter-website" type="text" name="website" tabIndex={-1} autocomplete="off" />
        </div>
      </form>
    </section>
  );
}
