/** Sign-in and account events: audit log only (never public). See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'user.signed_in': undefined;
    'user.sign_in_failed': undefined;
    'user.password_reset': undefined;
    'user.password_changed': undefined;
    'user.two_factor_enabled': undefined;
    'user.two_factor_disabled': undefined;
    'user.joined': undefined;
    'session.organization_switched': undefined;
  }
}
