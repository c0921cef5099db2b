import { z } from 'zod';
import { canAssignRole, type Actor } from './policy.js';
import { STAFF_ROLES, type StaffRole } from './roles.js';

// The staff forms, and the rules for changing someone else's account on top of the role
// table: an admin manages only the people below admin, nobody changes their own role or
// disables themselves, and the newsroom's one owner is never demoted or disabled (the
// owner set-up link made exactly one; SPEC §1).

/** A plausible address: something@host.tld, no spaces. Delivery is the real test. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const StaffCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
    email: z.string().trim().toLowerCase().max(320, 'is too long').regex(EMAIL, 'must be an email address'),
    role: z.enum(STAFF_ROLES, { errorMap: () => ({ message: `must be one of ${STAFF_ROLES.join(', ')}` }) }),
  })
  .strict();

export const StaffUpdateSchema = z
  .object({
    role: z.enum(STAFF_ROLES, { errorMap: () => ({ message: `must be one of ${STAFF_ROLES.join(', ')}` }) }),
    author: z.string().max(200),
  })
  .strict();

export interface StaffTarget {
  id: number;
  role: StaffRole;
}

/** Why the actor may not manage this account at all, or null. */
export function manageProblem(actor: Actor, target: StaffTarget): string | null {
  if (target.role === 'owner' && actor.id !== target.id) return 'Only the owner manages the owner account.';
  if (actor.id !== target.id && !canAssignRole(actor, target.role)) return 'Only the owner manages administrators.';
  return null;
}

export function roleChangeProblem(actor: Actor, target: StaffTarget, role: StaffRole): string | null {
  if (role === target.role) return null;
  if (actor.id === target.id) return 'You cannot change your own role; ask another administrator or the owner.';
  if (target.role === 'owner') return 'The newsroom has one owner, who cannot be demoted.';
  if (role === 'owner') return 'The newsroom has exactly one owner; an owner account cannot be created here.';
  if (!canAssignRole(actor, role)) return 'Only the owner makes administrators.';
  return manageProblem(actor, target);
}

export function disableProblem(actor: Actor, target: StaffTarget): string | null {
  if (actor.id === target.id) return 'You cannot disable your own account.';
  if (target.role === 'owner') return 'The owner account cannot be disabled.';
  return manageProblem(actor, target);
}

export function createRoleProblem(actor: Actor, role: StaffRole): string | null {
  if (role === 'owner') return 'The newsroom has exactly one owner; an owner account cannot be created here.';
  return canAssignRole(actor, role) ? null : 'Only the owner makes administrators.';
}
