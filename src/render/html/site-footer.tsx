import { FollowLinks } from './follow-links.js';
import { useSite } from './site-context.js';

export function SiteFooter() {
  const { publication } = useSite();
  const pages = publication.footerPages ?? [];
  return (
    <footer class="site-footer">
      <div class="wrap footer-grid">
        <div class="footer-about">
          <p class="footer-name">
            <a href="/">{publication.name}</a>
          </p>
          <p>{publication.tagline}</p>
        </div>
        <nav class="footer-sections" aria-label="Sections (footer)">
          <ul>
            {publication.navigation.map((link) => (
              <li>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
            <li>
              <a href="/latest">Latest</a>
            </li>
          </ul>
        </nav>
        <div class="footer-links">
          <FollowLinks class="footer-follow" />
          {pages.length > 0 && (
            <nav aria-label="Pages (footer)">
              <ul class="link-row footer-pages">
                {pages.map((link) => (
                  <li>
                    <a href={link.href}>{link.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <ul class="link-row">
            <li>
              <a href="/newsletter">Newsletter</a>
            </li>
            <li>
              <a href="/search">Search</a>
            </li>
            <li>
              <a href="/feed.xml">RSS feed</a>
            </li>
          </ul>
        </div>
      </div>
      <p class="wrap copyright">© {publication.name}. All rights reserved.</p>
    </footer>
  );
}
