import { safeHref } from '../../content/safe-url.js';
import { useSite } from './site-context.js';

/** "Follow us": the publication's social accounts. */
export function FollowLinks({ class: className }: { class: string }) {
  // Settings are checked when saved; the body's link rule runs again here, so a
  // javascript: URL that slipped into the database still never reaches a page.
  const social = useSite().publication.social.flatMap((link) => {
    const href = safeHref(link.url);
    return href ? [{ ...link, url: href }] : [];
  });
  if (social.length === 0) return null;
  return (
    <div class={`follow ${className}`}>
      <p class="link-row-label">Follow us</p>
      <ul class="link-row">
        {social.map((link) => (
          <li>
            <a href={link.url} rel="me">
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
