import type { ArticleView } from './view-model.js';
import { BriefsBlock } from './briefs-block.js';
import { Byline } from './byline.js';
import { Figure } from './figure.js';
import { FollowLinks } from './follow-links.js';
import { Kicker } from './kicker.js';
import { LatestList } from './latest-list.js';
import { LiveCoverage } from './live-coverage.js';
import { NewsletterPanel } from './newsletter-panel.js';
import { NotesBox } from './notes-box.js';
import { RelatedStories } from './related-stories.js';
import { ShareLinks } from './share-links.js';
import { useSite } from './site-context.js';
import { TagList } from './tag-list.js';

/** The article page, part for part in the reference page's reading order (SPEC §5). */
export function ArticlePage({ article }: { article: ArticleView }) {
  const { dates } = useSite();
  return (
    <>
      <article class="story">
        <header class="story-head">
          {article.topic && (
            <p class="story-topic">
              <a href={article.topic.href} rel="tag">
                {article.topic.label}
              </a>
            </p>
          )}
          <Kicker kicker={article.kicker} />
          <h1 class="headline">{article.title}</h1>
          {article.dek && <p class="dek">{article.dek}</p>}
          <Byline authors={article.authors} publishedAt={article.publishedAt} updatedAt={article.updatedAt} />
        </header>
        {article.image && (
          <Figure class="story-figure" image={article.image} caption="full" sizes="(min-width: 62rem) 60rem, 100vw" loading="high" />
        )}
        {/* bodyHtml comes from render/blocks, which builds it from the stored document. */}
        <div class="article-body" dangerouslySetInnerHTML={{ __html: article.bodyHtml }} />
        <LiveCoverage live={article.live} />
        <NotesBox notes={article.notes} dates={dates} />
        <footer class="story-foot">
          <Kicker kicker={article.kicker} />
          <TagList tags={article.tags} />
          <ShareLinks url={article.url} title={article.title} />
          <FollowLinks class="story-follow" />
        </footer>
      </article>
      <div class="wrap below">
        <RelatedStories stories={article.related} />
        <div class="rails">
          <LatestList stories={article.latest} />
          <BriefsBlock briefs={article.briefs} />
        </div>
        <NewsletterPanel headingLevel={2} heading="Newsletter" form={{ source: article.href }} />
      </div>
    </>
  );
}
