import type { AssetsView, PageMeta } from './view-model.js';
import { OpenGraph } from './open-graph.js';
import { serializeJsonLd } from './json-ld.js';
import { useSite } from './site-context.js';

interface DocumentHeadProps {
  meta: PageMeta;
  assets: AssetsView;
  nonce: string;
}

// Kept in step with the page colours in src/client/site.css.
const themeColors = { light: '#ffffff', dark: '#141414' };

export function DocumentHead({ meta, assets, nonce }: DocumentHeadProps) {
  const { publication } = useSite();
  const title = meta.title === publication.name ? meta.title : `${meta.title} | ${publication.name}`;
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      <meta name="description" content={meta.description} />
      {meta.noindex && <meta name="robots" content="noindex" />}
      {meta.canonical && <link rel="canonical" href={meta.canonical} />}
      <meta name="color-scheme" content="light dark" />
      <meta name="theme-color" media="(prefers-color-scheme: light)" content={themeColors.light} />
      <meta name="theme-color" media="(prefers-color-scheme: dark)" content={themeColors.dark} />
      {assets.fonts.map((font) => (
        <link rel="preload" href={font} as="font" type="font/woff2" crossorigin="anonymous" />
      ))}
      <link rel="icon" type="image/svg+xml" href={assets.icon} />
      <link rel="alternate" type="application/rss+xml" title={`${publication.name} (RSS)`} href="/feed.xml" />
      <link rel="alternate" type="application/feed+json" title={`${publication.name} (JSON Feed)`} href="/feed.json" />
      {(meta.feeds ?? []).map((feed) => (
        <link rel="alternate" type={feed.type} title={feed.title} href={feed.href} />
      ))}
      <link rel="stylesheet" href={assets.stylesheet} />
      <script src={assets.script} defer nonce={nonce}></script>
      <OpenGraph meta={meta} />
      {meta.jsonLd.map((item) => (
        <script type="application/ld+json" nonce={nonce} dangerouslySetInnerHTML={{ __html: serializeJsonLd(item) }} />
      ))}
    </head>
  );
}
