import { describe, expect, it } from 'vitest';
import { article, publication } from '../../../test/fixtures/views.js';
import { buildArticleMeta, buildPageMeta } from './meta.js';

describe('buildArticleMeta', () => {
  const meta = buildArticleMeta(publication, article);
  const [news, breadcrumbs] = meta.jsonLd as Array<Record<string, unknown>>;

  it('describes the story for Open Graph, with the widest JPEG as its image', () => {
    expect(meta).toMatchObject({
      title: article.title,
      description: article.dek,
      canonical: article.url,
      ogType: 'article',
      image: { url: 'https://meridian.example/media/brussels-1440.jpg', width: 1440, height: 960, alt: article.image!.alt },
      article: {
        publishedTime: article.publishedAt,
        modifiedTime: article.updatedAt,
        section: 'QiOSK',
        tags: article.tags.map((t) => t.label),
        authors: [
          'https://meridian.example/author/ines-carvalho',
          'https://meridian.example/author/tom-reyes',
          'https://meridian.example/author/maja-lindqvist',
        ],
      },
      noindex: false,
    });
  });

  it("adds NewsArticle JSON-LD of the format's schema type, with corrections", () => {
    expect(news).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ReportageNewsArticle',
      headline: article.title,
      datePublished: article.publishedAt,
      dateModified: article.updatedAt,
      image: [{ '@type': 'ImageObject', url: 'https://meridian.example/media/brussels-1440.jpg', width: 1440, height: 960 }],
      author: [{ '@type': 'Person', name: 'Inês Carvalho', url: 'https://meridian.example/author/ines-carvalho' }, {}, {}],
      publisher: { '@type': 'Organization', name: publication.name, url: 'https://meridian.example/' },
      articleSection: 'QiOSK',
      keywords: article.tags.map((t) => t.label),
      mainEntityOfPage: { '@type': 'WebPage', '@id': article.url },
      correction: [{ '@type': 'CorrectionComment', text: article.notes[1]!.text, datePublished: article.notes[1]!.at }],
    });
  });

  it('adds a breadcrumb trail: home, primary section, story', () => {
    expect(breadcrumbs).toMatchObject({
      '@type': 'BreadcrumbList',
      itemListElement: [
        { position: 1, name: publication.name, item: 'https://meridian.example/' },
        { position: 2, name: 'QiOSK', item: 'https://meridian.example/section/qiosk' },
        { position: 3, name: article.title, item: article.url },
      ],
    });
  });

  it('falls back to the excerpt and the publication date when there is no dek or update', () => {
    const plain = buildArticleMeta(publication, { ...article, dek: null, updatedAt: null, notes: [], image: null });
    expect(plain.description).toBe(article.excerpt);
    expect(plain.article?.modifiedTime).toBe(article.publishedAt);
    expect(plain.image).toBeNull();
    expect(plain.jsonLd[0]).not.toHaveProperty('correction');
    expect(plain.jsonLd[0]).not.toHaveProperty('image');
  });
});

describe('buildPageMeta', () => {
  it('gives the front page Organization JSON-LD with the social accounts', () => {
    const meta = buildPageMeta(publication, { title: publication.name, description: publication.tagline, path: '/' });
    expect(meta.canonical).toBe('https://meridian.example/');
    expect(meta.jsonLd).toEqual([
      expect.objectContaining({ '@type': 'Organization', name: publication.name, sameAs: publication.social.map((s) => s.url) }),
    ]);
  });

  it('makes other pages canonical at their path, with no JSON-LD', () => {
    const meta = buildPageMeta(publication, { title: 'Europe', description: 'x'.repeat(400), path: '/section/europe', noindex: true });
    expect(meta).toMatchObject({ canonical: 'https://meridian.example/section/europe', ogType: 'website', jsonLd: [], noindex: true });
    expect(meta.description.length).toBeLessThanOrEqual(200);
  });
});
