import type { PaginationView } from '../view-model.js';

export function PaginationNav({ pagination }: { pagination: PaginationView }) {
  if (pagination.pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {pagination.previousHref && (
        <a class="pagination-prev" href={pagination.previousHref} rel="prev">
          Newer stories
        </a>
      )}
      <p class="pagination-status">
        Page {pagination.page} of {pagination.pageCount}
      </p>
      {pagination.nextHref && (
        <a class="pagination-next" href={pagination.nextHref} rel="next">
          Older stories
        </a>
      )}
    </nav>
  );
}
