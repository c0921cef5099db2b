import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MailMessage } from '../mail/mailer.js';
import type { NewsroomDeps } from './newsroom-app.js';

/**
 * Sends once the answer is out, so a slow or stalled mail server neither delays the page
 * nor (for a reset) tells by its delay that an address has an account. A failure is logged
 * here; the newsroom's mailer also records it for "Mail problems" (mail/mail-failures.ts).
 */
export function sendAfterAnswer(deps: Pick<NewsroomDeps, 'mailer'>, request: FastifyRequest, reply: FastifyReply, mail: MailMessage): void {
  reply.raw.once('close', () => {
    deps.mailer.send(mail).catch((error: unknown) => request.log.error({ err: error, kind: mail.kind }, 'account mail failed'));
  });
}
