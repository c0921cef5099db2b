import type { LinkView } from './view-model.js';
import { AuthorNames } from './author-names.js';
import { useSite } from './site-context.js';

interface BylineProps {
  authors: LinkView[];
  publishedAt: string;
  updatedAt: string | null;
}

export function Byline({ authors, publishedAt, updatedAt }: BylineProps) {
  const { dates } = useSite();
  return (
    <p class="byline">
      {authors.length > 0 && (
        <span class="byline-authors">
          By <AuthorNames authors={authors} />
        </span>
      )}
      <time datetime={publishedAt}>{dates.date(publishedAt)}</time>
      {updatedAt && (
        <span class="byline-updated">
          Updated <time datetime={updatedAt}>{dates.dateTime(updatedAt)}</time>
        </span>
      )}
    </p>
  );
}
