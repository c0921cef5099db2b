import { useSite } from './site-context.js';

interface NewsletterPanelProps {
  /** The sign-up page makes the panel's title its h1. */
  headingLevel: 1 | 2;
  heading: string;
}

export function NewsletterPanel({ headingLevel, heading }: NewsletterPanelProps) {
  const { newsletterPitch } = useSite().publication;
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section class="newsletter" aria-labelledby="newsletter-heading">
      <Heading id="newsletter-heading" class="newsletter-heading">{heading}</Heading>
      <p class="newsletter-pitch">{newsletterPitch}</p>
      <form class="newsletter-form" method="post" action="/newsletter/subscribe">
        <label for="newsletter-email">Email address</label>
        <div class="newsletter-row">
          <input id="newsletter-email" type="email" name="email" required autocomplete="email" spellcheck={false} />
          <button type="submit">Subscribe</button>
        </div>
        {/* A field people never see or reach: bots that fill it in are turned away. */}
        <div class="hp" aria-hidden="true">
          <label for="newsletter-website">Website</label>
          <input id="newsletter-website" type="text" name="website" tabIndex={-1} autocomplete="off" />
        </div>
      </form>
    </section>
  );
}
