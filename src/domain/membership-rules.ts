/**
 * Who may change whom. Pure rules, so they can be tested exhaustively and shown in the UI.
 * - Nobody hands out a role above their own, or changes someone who outranks them
 *   (an admin cannot touch an owner, nor make anyone owner).
 * - An organization always keeps at least one active owner.
 */
import { roleAtLeast, type Role } from './roles.ts';

export type MembershipChange =
  | { kind: 'create'; role: Role }
  | { kind: 'update'; currentRole: Role; currentlyActive: boolean; newRole?: Role; newActive?: boolean }
  | { kind: 'remove'; currentRole: Role; currentlyActive: boolean };

/** Returns why the change is not allowed (field and message), or null when it is. */
export function membershipChangeProblem(
  actorRole: Role,
  change: MembershipChange,
  activeOwners: number,
): { field: string; message: string; kind: 'forbidden' | 'conflict' } | null {
  if (change.kind === 'create') {
    return roleAtLeast(actorRole, change.role) ? null : { field: 'role', message: `you cannot grant a role above your own (${actorRole})`, kind: 'forbidden' };
  }
  if (!roleAtLeast(actorRole, change.currentRole)) {
    return { field: 'role', message: `you cannot change a user whose role (${change.currentRole}) is above yours`, kind: 'forbidden' };
  }
  if (change.kind === 'update' && change.newRole !== undefined && !roleAtLeast(actorRole, change.newRole)) {
    return { field: 'role', message: `you cannot grant a role above your own (${actorRole})`, kind: 'forbidden' };
  }
  const isActiveOwner = change.currentRole === 'owner' && change.currentlyActive;
  const losesOwnership =
    change.kind === 'remove' ||
    (change.newRole !== undefined && change.newRole !== 'owner') ||
    change.newActive === false;
  if (isActiveOwner && losesOwnership && activeOwners <= 1) {
    return { field: change.kind === 'remove' ? 'id' : change.newActive === false ? 'active' : 'role', message: 'the last owner cannot be removed, demoted or deactivated; make someone else owner first', kind: 'conflict' };
  }
  return null;
}
