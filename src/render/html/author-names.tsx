import type { LinkView } from './view-model.js';

/** "A", "A and B", "A, B and C": each name a link to the author's page. */
export function AuthorNames({ authors }: { authors: LinkView[] }) {
  return (
    <>
      {authors.map((author, index) => (
        <>
          {index > 0 && (index === authors.length - 1 ? ' and ' : ', ')}
          <a href={author.href} rel="author">
            {author.label}
          </a>
        </>
      ))}
    </>
  );
}
