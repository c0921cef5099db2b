// A refusal the HTTP layers turn into a status and the SPEC §7 error body
// `{ error: { code, message, details? } }`, or a readable page for browsers.

export class NewsroomError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what = 'story') => new NewsroomError(404, 'NOT_FOUND', `No such ${what}.`);
export const forbidden = (message = 'Your role does not allow this.') => new NewsroomError(403, 'FORBIDDEN', message);
export const invalid = (details: Array<{ field: string; message: string }>) =>
  new NewsroomError(400, 'INVALID', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
