import type { ComponentChildren } from 'preact';
import type { PageContext, PageMeta } from './view-model.js';
import { DocumentHead } from './document-head.js';
import { SiteFooter } from './site-footer.js';
import { SiteHeader } from './site-header.js';

interface DocumentShellProps {
  ctx: PageContext;
  meta: PageMeta;
  /** Page type, for styling: `article`, `front`, `listing`… */
  page: string;
  nameElement: 'h1' | 'p';
  children: ComponentChildren;
}

export function DocumentShell({ ctx, meta, page, nameElement, children }: DocumentShellProps) {
  const currentPath = meta.canonical ? new URL(meta.canonical).pathname : '';
  return (
    <html lang={ctx.publication.locale}>
      <DocumentHead meta={meta} assets={ctx.assets} nonce={ctx.nonce} />
      <body class={`page-${page}`}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader nameElement={nameElement} currentPath={currentPath} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
