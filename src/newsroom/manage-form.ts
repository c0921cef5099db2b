import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { can, type NewsroomAction } from '../content/policy.js';
import { describeIssues } from '../content/story-input.js';
import { NewsroomError } from '../editorial/newsroom-error.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { actorOf } from './newsroom-app.js';

// What the management screens share: the numeric id in the path, the role check (these
// screens are not secret, so a refusal is a plain 403 page), and zod's verdict as the
// field errors the error summary lists.

export function idParam(request: FastifyRequest): number | null {
  const raw = (request.params as { id?: string }).id ?? '';
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null;
}

export function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

export function queryString(request: FastifyRequest, key: string): string {
  const value = (request.query as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : '';
}

/** The 403 page when the signed-in person may not do this, else null. */
export function refusal(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  action: NewsroomAction,
  what: string,
): Promise<FastifyReply> | null {
  if (can(actorOf(request.staff!), action)) return null;
  return app.sendErrorPage(reply.code(403), 403, 'Not allowed', `Your role cannot ${what}. Nothing was changed.`);
}

export function notFound(app: FastifyInstance, reply: FastifyReply, what: string) {
  return app.sendErrorPage(reply.code(404), 404, `${what} not found`, `There is no such ${what.toLowerCase()}; it may have been deleted.`);
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return describeIssues(error);
}

/** The notice a redirect names, from a fixed list: no text from the URL reaches the page. */
export function noticeOf(request: FastifyRequest, notices: Record<string, string>): string | null {
  return notices[queryString(request, 'notice')] ?? null;
}

/** How a form shows a service's refusal: the 404 page, the 403 page, or its fields' errors. */
export type FormRefusal = { kind: 'page'; status: 403 | 404; message: string } | { kind: 'form'; status: 400 | 409; errors: FieldError[] };

/**
 * Runs a service write; null when it was done. A clash or bad reference re-renders the
 * form with a 400 (as every refused form does), a delete of something in use with a 409.
 * Anything that is not a service refusal is rethrown.
 */
export async function attempt(write: () => Promise<unknown>, noun: string): Promise<FormRefusal | null> {
  try {
    await write();
    return null;
  } catch (error) {
    if (!(error instanceof NewsroomError)) throw error;
    if (error.status === 403 || error.status === 404) return { kind: 'page', status: error.status, message: error.message };
    const errors = Array.isArray(error.details) ? (error.details as FieldError[]) : [{ field: noun, message: error.message }];
    return { kind: 'form', status: error.code === 'IN_USE' ? 409 : 400, errors };
  }
}
