import type { PageMeta } from './view-model.js';
import { useSite } from './site-context.js';

/** Open Graph (https://ogp.me) and the Twitter card that reads it. */
export function OpenGraph({ meta }: { meta: PageMeta }) {
  const { publication } = useSite();
  const { image, article } = meta;
  return (
    <>
      <meta property="og:site_name" content={publication.name} />
      <meta property="og:type" content={meta.ogType} />
      <meta property="og:title" content={meta.title} />
      <meta property="og:description" content={meta.description} />
      {meta.canonical && <meta property="og:url" content={meta.canonical} />}
      <meta property="og:locale" content={publication.locale.replace('-', '_')} />
      {image && (
        <>
          <meta property="og:image" content={image.url} />
          <meta property="og:image:width" content={String(image.width)} />
          <meta property="og:image:height" content={String(image.height)} />
          <meta property="og:image:alt" content={image.alt} />
        </>
      )}
      {article && (
        <>
          <meta property="article:published_time" content={article.publishedTime} />
          <meta property="article:modified_time" content={article.modifiedTime} />
          {article.section && <meta property="article:section" content={article.section} />}
          {article.tags.map((tag) => (
            <meta property="article:tag" content={tag} />
          ))}
          {article.authors.map((author) => (
            <meta property="article:author" content={author} />
          ))}
        </>
      )}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
    </>
  );
}
