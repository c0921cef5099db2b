import type { ListingView } from './view-model.js';
import { BriefItem } from './brief-item.js';
import { PaginationNav } from './pagination-nav.js';
import { Picture } from './picture.js';
import { StoryCard } from './story-card.js';

/** Section, tag, author and /latest pages. */
export function ListingPage({ listing }: { listing: ListingView }) {
  return (
    <div class="wrap listing">
      <header class="listing-head">
        {listing.portrait && (
          <div class="portrait">
            <Picture image={listing.portrait} sizes="8rem" loading="high" />
          </div>
        )}
        {listing.family?.parent && (
          <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href={listing.family.parent.href}>{listing.family.parent.label}</a>
          </nav>
        )}
        {listing.eyebrow && <p class="eyebrow">{listing.eyebrow}</p>}
        <h1 class="listing-heading">{listing.heading}</h1>
        {listing.description && <p class="listing-description">{listing.description}</p>}
        {listing.family && listing.family.children.length > 0 && (
          <nav class="subsections" aria-label="Subsections">
            <ul class="link-row">
              {listing.family.children.map((child) => (
                <li>
                  <a href={child.href}>{child.label}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <ListingStories listing={listing} />
      <PaginationNav pagination={listing.pagination} />
    </div>
  );
}

function ListingStories({ listing }: { listing: ListingView }) {
  if (listing.stories.length === 0) return <p class="listing-empty">No stories here yet.</p>;
  if (listing.layout === 'briefs') {
    return (
      <ul class="brief-list brief-list-page">
        {listing.stories.map((story) => (
          <BriefItem brief={story} headingLevel={2} />
        ))}
      </ul>
    );
  }
  return (
    <div class="listing-stories">
      {listing.stories.map((story, index) => (
        <StoryCard story={story} variant="row" headingLevel={2} priority={index === 0 && !listing.portrait} />
      ))}
    </div>
  );
}
