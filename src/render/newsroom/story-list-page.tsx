import type { NewsroomContext, Option } from './newsroom-view.js';
import { NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';
import { MailProblemsNotice, type MailProblemsNoticeView } from './mail-problems-page.js';
import { storyCount } from '../../content/story-count.js';

export interface StoryListView {
  filters: { stage: string; section: string; author: string; q: string; sort: string };
  stages: Option[];
  sections: Option[];
  authors: Option[];
  /** Each stage's count links to the list filtered to that stage. */
  counts: Array<{ stage: string; label: string; count: number }>;
  rows: Array<{
    id: number;
    title: string;
    slug: string;
    stage: string;
    stageLabel: string;
    modifiedAt: string | null;
    publishAt: string | null;
    publishedAt: string | null;
    createdBy: string | null;
  }>;
  total: number;
  page: number;
  pages: number;
  canCreate: boolean;
  notice?: string | null;
  /** Unread failed account mail, for those who may see it (newsroom/mail-problems-routes.ts). */
  mailProblems?: MailProblemsNoticeView | null;
  /** The query string without `page`, for the pagination links. */
  baseQuery: string;
}

function Select({ name, label, value, options, any }: { name: string; label: string; value: string; options: Option[]; any?: string }) {
  return (
    <p class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        {any && <option value="">{any}</option>}
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </p>
  );
}

export function StoryListPage({ ctx, view }: { ctx: NewsroomContext; view: StoryListView }) {
  const title = 'Stories';
  return (
    <NewsroomShell ctx={ctx} title={title}>
      <div class="page-head">
        <h1>{title}</h1>
        {view.canCreate && (
          <a class="button-primary" href="/admin/stories/new">
            New story
          </a>
        )}
      </div>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <MailProblemsNotice notice={view.mailProblems} ctx={ctx} />
      <ul class="stage-counts" aria-label="Stories by stage">
        {view.counts.map((c) => (
          <li>
            <a href={`/admin?stage=${c.stage}`} aria-current={view.filters.stage === c.stage ? 'page' : undefined}>
              {c.label}: <strong>{c.count}</strong>
            </a>
          </li>
        ))}
      </ul>
      <form method="get" action="/admin" class="filters" role="search" aria-label="Filter stories">
        <p class="field">
          <label for="filter-q">Words in the story</label>
          <input id="filter-q" name="q" type="search" value={view.filters.q} maxLength={200} />
        </p>
        <Select name="stage" label="Stage" value={view.filters.stage} options={view.stages} any="Any stage" />
        <Select name="section" label="Section" value={view.filters.section} options={view.sections} any="Any section" />
        <Select name="author" label="Author" value={view.filters.author} options={view.authors} any="Any author" />
        <Select
          name="sort"
          label="Sort by"
          value={view.filters.sort}
          options={[
            { value: 'modified', label: 'Last changed' },
            { value: 'published', label: 'Publication date' },
            { value: 'title', label: 'Headline' },
          ]}
        />
        <p>
          <button type="submit">Apply</button>
        </p>
      </form>
      <p class="result-count" role="status">
        {storyCount(view.total)}
      </p>
      {view.rows.length > 0 && (
        <table class="story-table">
          <caption class="visually-hidden">Stories, {view.filters.sort === 'title' ? 'by headline' : 'newest first'}</caption>
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Stage</th>
              <th scope="col">Created by</th>
              <th scope="col">Last changed</th>
              <th scope="col">Goes live</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/stories/${row.id}`}>{row.title || 'Untitled story'}</a>
                </th>
                <td>
                  <span class={`stage stage-${row.stage}`}>{row.stageLabel}</span>
                </td>
                <td>{row.createdBy ?? '—'}</td>
                <td>{row.modifiedAt ? formatNewsroomTime(row.modifiedAt, ctx) : '—'}</td>
                <td>
                  {row.publishAt
                    ? formatNewsroomTime(row.publishAt, ctx)
                    : row.publishedAt
                      ? formatNewsroomTime(row.publishedAt, ctx)
                      : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.pages > 1 && (
        <nav aria-label="Pages" class="pager">
          {view.page > 1 && (
            <a rel="prev" href={`/admin?${view.baseQuery}page=${view.page - 1}`}>
              Newer
            </a>
          )}
          <span>
            Page {view.page} of {view.pages}
          </span>
          {view.page < view.pages && (
            <a rel="next" href={`/admin?${view.baseQuery}page=${view.page + 1}`}>
              Older
            </a>
          )}
        </nav>
      )}
    </NewsroomShell>
  );
}
