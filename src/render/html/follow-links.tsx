import { safeHref } from './safe-url.js';
import { useSite } from './site-context.js';

/** "Follow us": the publication's social accounts. */
export function FollowLinks({ class: className }: { class: string }) {
  const { social } = useSite().publication;
  if (social.length === 0) return null;
  return (
    <div class={`follow ${className}`}>
      <p class="link-row-label">Follow us</p>
      <ul class="link-row">
        {social.map((link) => (
          <li>
            <a href={safeHref(link.url)} rel="me">{link.label}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
