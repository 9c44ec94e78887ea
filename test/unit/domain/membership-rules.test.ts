import { describe, expect, it } from 'vitest';
import { membershipChangeProblem } from '../../../src/domain/membership-rules.ts';
import { ROLES, roleAtLeast, weakerRole } from '../../../src/domain/roles.ts';

describe('roles', () => {
  it('orders roles weakest first', () => {
    expect(ROLES).toEqual(['viewer', 'sales', 'accountant', 'admin', 'owner']);
    expect(roleAtLeast('admin', 'accountant')).toBe(true);
    expect(roleAtLeast('sales', 'accountant')).toBe(false);
    expect(weakerRole('owner', 'sales')).toBe('sales');
  });
});

describe('membership rules', () => {
  it('never lets anyone grant a role above their own', () => {
    for (const actor of ROLES) {
      for (const role of ROLES) {
        const problem = membershipChangeProblem(actor, { kind: 'create', role }, 1);
        expect(problem === null, `${actor} creates ${role}`).toBe(roleAtLeast(actor, role));
      }
    }
  });

  it('never lets anyone change a user who outranks them', () => {
    const problem = membershipChangeProblem('admin', { kind: 'update', currentRole: 'owner', currentlyActive: true, newRole: 'viewer' }, 2);
    expect(problem).toMatchObject({ kind: 'forbidden', field: 'role' });
  });

  it('keeps the last active owner: no demotion, deactivation or removal', () => {
    const base = { currentRole: 'owner' as const, currentlyActive: true };
    expect(membershipChangeProblem('owner', { kind: 'update', ...base, newRole: 'admin' }, 1)).toMatchObject({ kind: 'conflict', field: 'role' });
    expect(membershipChangeProblem('owner', { kind: 'update', ...base, newActive: false }, 1)).toMatchObject({ kind: 'conflict', field: 'active' });
    expect(membershipChangeProblem('owner', { kind: 'remove', ...base }, 1)).toMatchObject({ kind: 'conflict', field: 'id' });
    expect(membershipChangeProblem('owner', { kind: 'update', ...base, newRole: 'admin' }, 2)).toBeNull();
    // Renaming the last owner (no role or activity change) is fine.
    expect(membershipChangeProblem('owner', { kind: 'update', ...base }, 1)).toBeNull();
  });
});
