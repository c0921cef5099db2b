export interface ErrorView {
  status: number;
  title: string;
  message: string;
}

export function ErrorPage({ error }: { error: ErrorView }) {
  return (
    <div class="wrap error-page">
      <p class="eyebrow">Error {error.status}</p>
      <h1 class="listing-heading">{error.title}</h1>
      <p class="dek">{error.message}</p>
      <ul class="link-row">
        <li>
          <a href="/">Front page</a>
        </li>
        <li>
          <a href="/latest">Latest stories</a>
        </li>
      </ul>
    </div>
  );
}
