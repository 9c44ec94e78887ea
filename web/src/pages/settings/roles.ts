/**
 * The roles as people read them: a name and what the role may do, in the interface language.
 * Labels are getters, so a list kept in a constant follows a change of language.
 */
import { i18next } from '../../i18n/index.ts';
import type { Role } from '../../api/types.ts';

const NAMES: Record<Role, () => string> = {
  viewer: () => i18next.t('users.roles.viewer.name'),
  sales: () => i18next.t('users.roles.sales.name'),
  accountant: () => i18next.t('users.roles.accountant.name'),
  admin: () => i18next.t('users.roles.admin.name'),
  owner: () => i18next.t('users.roles.owner.name'),
};

const DESCRIPTIONS: Record<Role, () => string> = {
  viewer: () => i18next.t('users.roles.viewer.description'),
  sales: () => i18next.t('users.roles.sales.description'),
  accountant: () => i18next.t('users.roles.accountant.description'),
  admin: () => i18next.t('users.roles.admin.description'),
  owner: () => i18next.t('users.roles.owner.description'),
};

const ROLE_ORDER: Role[] = ['viewer', 'sales', 'accountant', 'admin', 'owner'];

export const ROLE_OPTIONS: { value: Role; readonly label: string; readonly description: string }[] = ROLE_ORDER.map((value) => ({
  value,
  get label() {
    return NAMES[value]();
  },
  get description() {
    return DESCRIPTIONS[value]();
  },
}));

/** A role code the app knows ('viewer' for one it does not). */
export function roleKey(role: string): Role {
  return (ROLE_ORDER as string[]).includes(role) ? (role as Role) : 'viewer';
}

export function roleLabel(role: string): string {
  return (ROLE_ORDER as string[]).includes(role) ? NAMES[role as Role]() : role;
}

export function roleDescription(role: string): string {
  return (ROLE_ORDER as string[]).includes(role) ? DESCRIPTIONS[role as Role]() : '';
}
