import type { PaginationView } from './view-model.js';

const STORY_LABELS = { previous: 'Newer stories', next: 'Older stories' };

export function PaginationNav({
  pagination,
  labels = STORY_LABELS,
}: {
  pagination: PaginationView;
  labels?: { previous: string; next: string };
}) {
  if (pagination.pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {pagination.previousHref && (
        <a class="pagination-prev" href={pagination.previousHref} rel="prev">
          {labels.previous}
        </a>
      )}
      <p class="pagination-status">
        Page {pagination.page} of {pagination.pageCount}
      </p>
      {pagination.nextHref && (
        <a class="pagination-next" href={pagination.nextHref} rel="next">
          {labels.next}
        </a>
      )}
    </nav>
  );
}
