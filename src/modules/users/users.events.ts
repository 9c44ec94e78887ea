/** Membership events: audit log only. See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'user.invited': undefined;
    /** By the operator (settle create-user). */
    'user.added': undefined;
    /** By the operator (settle invite-link). */
    'user.invitation_link_made': undefined;
    'user.invitation_resent': undefined;
    'user.invitation_withdrawn': undefined;
    'user.updated': undefined;
    'user.role_changed': undefined;
    'user.deactivated': undefined;
    'user.removed': undefined;
  }
}
