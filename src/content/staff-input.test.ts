import { describe, expect, it } from 'vitest';
import { createRoleProblem, disableProblem, manageProblem, roleChangeProblem } from './staff-input.js';

const owner = { id: 1, role: 'owner' as const };
const admin = { id: 2, role: 'admin' as const };
const otherAdmin = { id: 3, role: 'admin' as const };
const editor = { id: 4, role: 'editor' as const };

describe('who may change which staff account', () => {
  it('lets an admin manage the people below admin, and only the owner manage admins', () => {
    expect(manageProblem(admin, editor)).toBeNull();
    expect(manageProblem(admin, otherAdmin)).toMatch(/Only the owner/);
    expect(manageProblem(admin, owner)).toMatch(/Only the owner/);
    expect(manageProblem(owner, otherAdmin)).toBeNull();
  });

  it('never demotes the one owner, never makes a second, and never changes one’s own role', () => {
    expect(roleChangeProblem(owner, owner, 'admin')).toMatch(/own role/);
    expect(roleChangeProblem(admin, owner, 'editor')).toMatch(/one owner/);
    expect(roleChangeProblem(owner, editor, 'owner')).toMatch(/exactly one owner/);
    expect(roleChangeProblem(admin, admin, 'editor')).toMatch(/own role/);
    expect(roleChangeProblem(admin, editor, 'admin')).toMatch(/Only the owner/);
    expect(roleChangeProblem(admin, editor, 'author')).toBeNull();
    expect(roleChangeProblem(owner, editor, 'admin')).toBeNull();
    expect(roleChangeProblem(admin, otherAdmin, 'editor')).toMatch(/Only the owner/);
    // Saving an unchanged role (with another field) is no role change at all.
    expect(roleChangeProblem(admin, admin, 'admin')).toBeNull();
  });

  it('refuses disabling oneself or the owner', () => {
    expect(disableProblem(admin, admin)).toMatch(/your own/);
    expect(disableProblem(owner, owner)).toMatch(/your own/);
    expect(disableProblem(admin, owner)).toMatch(/owner/);
    expect(disableProblem(admin, editor)).toBeNull();
    expect(disableProblem(admin, otherAdmin)).toMatch(/Only the owner/);
  });

  it('creates accounts only in roles the creator may assign, never an owner', () => {
    expect(createRoleProblem(admin, 'editor')).toBeNull();
    expect(createRoleProblem(admin, 'admin')).toMatch(/Only the owner/);
    expect(createRoleProblem(owner, 'admin')).toBeNull();
    expect(createRoleProblem(owner, 'owner')).toMatch(/exactly one owner/);
  });
});
