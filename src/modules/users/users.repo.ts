/**
 * The users of one organization: user accounts joined with their membership in it.
 */
import type { Executor } from '../../kernel/context.ts';
import { isRole, type Role } from '../../domain/roles.ts';
import type { MemberOut } from './users.schemas.ts';

export class MembersRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private scoped() {
    return this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .where('memberships.organization_id', '=', this.orgId)
      .select([
        'users.id',
        'users.name',
        'users.email',
        'users.password_hash',
        'memberships.role',
        'memberships.active',
        'memberships.invitation_pending',
        'memberships.created_at',
      ]);
  }

  private static toMember(row: {
    id: string;
    name: string;
    email: string;
    password_hash: string | null;
    role: string;
    active: number;
    invitation_pending: number;
    created_at: string;
  }): MemberOut {
    const invited = row.invitation_pending === 1;
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      role: isRole(row.role) ? row.role : 'viewer',
      active: row.active === 1 && !invited,
      status: invited ? 'invited' : row.active === 1 ? 'active' : 'deactivated',
      has_password: row.password_hash !== null,
      created_at: row.created_at,
    };
  }

  async find(userId: string): Promise<MemberOut | undefined> {
    const row = await this.scoped().where('users.id', '=', userId).executeTakeFirst();
    return row && MembersRepo.toMember(row);
  }

  async list(limit: number, cursor?: string): Promise<MemberOut[]> {
    let q = this.scoped();
    if (cursor) q = q.where('users.id', '>', cursor);
    const rows = await q.orderBy('users.id').limit(limit + 1).execute();
    return rows.map((row) => MembersRepo.toMember(row));
  }

  async countActiveOwners(): Promise<number> {
    const row = await this.db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', this.orgId)
      .where('role', '=', 'owner')
      .where('active', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** An invitation: inactive until the invitee accepts it through the link e-mailed to them. */
  async addInvitation(userId: string, role: Role, invitedBy: string | null, now: string): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values({ organization_id: this.orgId, user_id: userId, role, active: 0, invitation_pending: 1, invited_by: invitedBy, created_at: now, updated_at: now })
      .execute();
  }

  async updateMembership(userId: string, changes: { role?: Role; active?: number; updated_at: string }): Promise<void> {
    await this.db.updateTable('memberships').set(changes).where('organization_id', '=', this.orgId).where('user_id', '=', userId).execute();
  }

  async removeMembership(userId: string): Promise<void> {
    await this.db.deleteFrom('memberships').where('organization_id', '=', this.orgId).where('user_id', '=', userId).execute();
  }

  /** Signs the user out of this organization (their sessions elsewhere are untouched). */
  async endSessions(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('organization_id', '=', this.orgId).where('user_id', '=', userId).execute();
  }
}
