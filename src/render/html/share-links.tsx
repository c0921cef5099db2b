interface ShareLinksProps {
  url: string;
  title: string;
}

/**
 * Plain links to each network's share form. Nothing loads from those networks until a
 * reader clicks: no widgets, no counters, no third-party requests.
 */
export function ShareLinks({ url, title }: ShareLinksProps) {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  const links = [
    { label: 'X', href: `https://x.com/intent/tweet?url=${u}&text=${t}` },
    { label: 'Bluesky', href: `https://bsky.app/intent/compose?text=${encodeURIComponent(`${title} ${url}`)}` },
    { label: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { label: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { label: 'Email', href: `mailto:?subject=${t}&body=${u}` },
  ];
  return (
    <div class="share">
      <p class="link-row-label">Share</p>
      <ul class="link-row">
        {links.map((link) => (
          <li>
            <a href={link.href}>
              {link.label}
              <span class="visually-hidden"> (share this story)</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
