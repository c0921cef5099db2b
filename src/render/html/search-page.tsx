import type { SearchResultView, SearchView } from './view-model.js';
import { PaginationNav } from './pagination-nav.js';
import { StoryCard } from './story-card.js';

/** /search: the form, then results with highlighted passages, or help when there are none. */
export function SearchPage({ search }: { search: SearchView }) {
  return (
    <div class="wrap listing search">
      <header class="listing-head">
        <h1 class="listing-heading">Search</h1>
        <SearchForm search={search} />
      </header>
      <SearchOutcome search={search} />
      <PaginationNav pagination={search.pagination} labels={{ previous: 'Previous results', next: 'More results' }} />
    </div>
  );
}

function SearchForm({ search }: { search: SearchView }) {
  return (
    <form class="search-form" role="search" action="/search" method="get">
      <p class="search-main">
        <label for="search-q">Search stories</label>
        <input id="search-q" name="q" type="search" value={search.text} maxLength={200} autocomplete="off" />
        <button type="submit">Search</button>
      </p>
      {/* Folded once there are results, unless a filter is in force: on a phone the
          results come first instead of a screenful of filters. Works without JavaScript. */}
      <details class="search-filters-fold" open={search.state === 'empty' || !!(search.section || search.from || search.to)}>
        <summary>Narrow down</summary>
        <div class="search-filters" role="group" aria-label="Narrow down">
          <p>
            <label for="search-section">Section</label>
            <select id="search-section" name="section">
              <option value="" selected={!search.section}>
                All sections
              </option>
              {search.sections.map((s) => (
                <option value={s.slug} selected={s.slug === search.section}>
                  {s.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="search-from">From</label>
            <input id="search-from" name="from" type="date" value={search.from ?? ''} />
          </p>
          <p>
            <label for="search-to">To</label>
            <input id="search-to" name="to" type="date" value={search.to ?? ''} />
          </p>
        </div>
      </details>
      {search.keep.map((field) => (
        <input type="hidden" name={field.name} value={field.value} />
      ))}
    </form>
  );
}

function SearchOutcome({ search }: { search: SearchView }) {
  const filters = search.filters.length > 0 && (
    <ul class="link-row search-active">
      {search.filters.map((f) => (
        <li>
          {f.label}{' '}
          <a href={f.removeHref}>
            (remove<span class="visually-hidden"> this filter</span>)
          </a>
        </li>
      ))}
    </ul>
  );
  const suggestion = search.suggestion && (
    <p class="search-suggestion">
      Did you mean <a href={search.suggestion.href}>{search.suggestion.text}</a>?
    </p>
  );
  if (search.state === 'empty') {
    return (
      <div class="search-help">
        {filters}
        <p>
          Type a word, a name or a place. Put a phrase in quotes ("grain corridor"), leave a word out with a minus (-iran), or end a word
          with * to match its beginning (negotiat*).
        </p>
      </div>
    );
  }
  if (search.state === 'none') {
    return (
      <div class="search-help">
        {filters}
        <p class="search-status">No stories match “{search.text}”.</p>
        {suggestion}
        <p>
          Check the spelling, try fewer or more general words, or remove a filter. You can also browse the{' '}
          <a href="/latest">latest stories</a>.
        </p>
      </div>
    );
  }
  return (
    <>
      {filters}
      <p class="search-status">
        {!search.exact
          ? `More than ${search.total.toLocaleString('en-US')} stories match`
          : search.total === 1
            ? '1 story matches'
            : `${search.total} stories match`}{' '}
        “{search.text}”.
      </p>
      {suggestion}
      <div class="listing-stories">
        {search.results.map((result) => (
          <StoryCard story={result.story} variant="row" headingLevel={2} summary={<Snippet result={result} />} />
        ))}
      </div>
    </>
  );
}

function Snippet({ result }: { result: SearchResultView }) {
  if (!result.snippet.some((part) => part.mark)) return <>{result.story.dek ?? result.story.excerpt}</>;
  return <>{result.snippet.map((part) => (part.mark ? <mark>{part.text}</mark> : part.text))}</>;
}
