// The newsletter issue's email as subscribers will get it, framed on the issue page: the
// very HTML the send uses (issue-routes.ts, preview.html: a sent issue's frozen copy, a
// draft's render now), in a fully sandboxed frame (no script, no navigation of this page),
// at a mail program's usual width. The links stay for opening it whole and the plain text.

export function EmailPreview({ base }: { base: string }) {
  return (
    <section class="email-preview" aria-labelledby="email-preview-heading">
      <h2 id="email-preview-heading">The email</h2>
      <iframe
        class="email-preview-frame"
        src={`${base}/preview.html`}
        title="The email as subscribers will see it"
        sandbox=""
        loading="lazy"
      ></iframe>
      <p>
        <a href={`${base}/preview.html`}>Open the email on its own</a> · <a href={`${base}/preview.txt`}>Preview the plain text</a>
      </p>
    </section>
  );
}
