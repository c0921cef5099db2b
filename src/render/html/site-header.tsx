import { FollowLinks } from './follow-links.js';
import { useSite } from './site-context.js';

interface SiteHeaderProps {
  /** The front page makes the publication's name its h1; other pages have their own. */
  nameElement: 'h1' | 'p';
  /** Path of the current page, to mark its navigation link. */
  currentPath: string;
}

export function SiteHeader({ nameElement: Name, currentPath }: SiteHeaderProps) {
  const { publication } = useSite();
  return (
    <header class="site-header">
      <div class="wrap masthead">
        <Name class="masthead-name">
          <a href="/">{publication.name}</a>
        </Name>
        <p class="masthead-tagline">{publication.tagline}</p>
        <div class="masthead-tools">
          <FollowLinks class="masthead-follow" />
          <a class="masthead-search" href="/search" aria-current={currentPath === '/search' ? 'page' : undefined}>
            Search
          </a>
          <a class="masthead-subscribe" href="/newsletter">
            Newsletter
          </a>
        </div>
      </div>
      {/* Without script: the list wraps on wide screens and scrolls sideways on phones. */}
      <nav class="site-nav" aria-label="Sections">
        <ul class="wrap">
          {publication.navigation.map((link) => (
            <li>
              <a href={link.href} aria-current={link.href === currentPath ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
          <li>
            <a href="/latest" aria-current={currentPath === '/latest' ? 'page' : undefined}>
              Latest
            </a>
          </li>
        </ul>
      </nav>
    </header>
  );
}
