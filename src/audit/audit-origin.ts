import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditActor, AuditDoor } from './audit-actions.js';

// Where the act being recorded came from: the door (newsroom, API, CLI, job worker), the
// client's address, and who is calling. A door sets it once around the work it does
// (request-origin.ts for HTTP, the CLI around each command, the scheduler around a timed
// move), so the domain services that record an act need no extra parameter: every door
// already calls the same service, and the service records the act in its own transaction.

export interface AuditOrigin {
  door: AuditDoor;
  ip: string | null;
  /** Asked when an entry is written: a request learns its caller in an auth hook. */
  actor(): AuditActor;
}

const current = new AsyncLocalStorage<AuditOrigin>();

export function withAuditOrigin<T>(origin: AuditOrigin, work: () => T): T {
  return current.run(origin, work);
}

export function fixedOrigin(door: AuditDoor, actor: AuditActor, ip: string | null = null): AuditOrigin {
  return { door, ip, actor: () => actor };
}

/** `npx masthead …` at the server's shell. */
export const CLI_ORIGIN = fixedOrigin('cli', { kind: 'cli' });
/** The job worker's timed moves (a scheduled publish or unpublish). */
export const SCHEDULER_ORIGIN = fixedOrigin('scheduler', { kind: 'system' });
/** Anything outside a door that set an origin: recorded honestly as the system. */
const SYSTEM_ORIGIN = fixedOrigin('system', { kind: 'system' });

export function currentAuditOrigin(): AuditOrigin {
  return current.getStore() ?? SYSTEM_ORIGIN;
}
