import type { ComponentChildren } from 'preact';
import type { NewsroomContext } from './newsroom-view.js';

// Every newsroom page: the bar with the publication and the person, the navigation, and
// one main region. Sign-out is a POST form: no GET changes state.

export function NewsroomShell({ ctx, title, children }: { ctx: NewsroomContext; title: string; children: ComponentChildren }) {
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} | ${ctx.publicationName} newsroom`}</title>
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" type="image/svg+xml" href={ctx.assets.icon} />
        <link rel="stylesheet" href={ctx.assets.stylesheet} />
        {ctx.assets.scripts.map((src) => (
          <script src={src} defer nonce={ctx.nonce}></script>
        ))}
      </head>
      <body class="newsroom">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="newsroom-bar">
          <p class="newsroom-name">
            <a href="/admin">{ctx.publicationName}</a> <span>Newsroom</span>
          </p>
          {ctx.staff && (
            <nav aria-label="Newsroom">
              <ul class="newsroom-nav">
                {ctx.nav.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
                <li>
                  <a href="/" rel="noopener">
                    View site
                  </a>
                </li>
              </ul>
            </nav>
          )}
          {ctx.staff && ctx.csrf && (
            <form method="post" action="/admin/logout" class="newsroom-who">
              <span>
                {ctx.staff.name} · {ctx.staff.roleLabel}
              </span>
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        <main id="main" tabIndex={-1} class="newsroom-main">
          {children}
        </main>
      </body>
    </html>
  );
}

export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function ErrorSummary({
  errors,
  heading = 'Nothing was saved. Please fix:',
}: {
  errors: Array<{ field: string; message: string }>;
  /** When something was saved after all (a workflow button saves, then moves). */
  heading?: string;
}) {
  if (!errors.length) return null;
  return (
    <div class="notice notice-error" role="alert" tabIndex={-1} id="error-summary">
      <h2>{heading}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <strong>{e.field}</strong>: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CsrfField({ token }: { token: string | null }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}
