import { z } from 'zod';
import { Email, requiredText } from '../../kernel/http/schemas.ts';
import { CreateOrganization, Organization } from '../organizations/organizations.schemas.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './secrets.ts';

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters long`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters long`);

export const NewUser = z.object({ name: requiredText(200), email: Email, password: Password }).strict();

export const SetupBody = z.object({ organization: CreateOrganization, user: NewUser }).strict();

export const LoginBody = z
  .object({
    email: z.string().max(254).transform((s) => s.trim().toLowerCase()),
    password: z.string().max(PASSWORD_MAX_LENGTH),
  })
  .strict();

export const UserSummary = z.object({ id: z.string(), name: z.string(), email: z.string() }).meta({ id: 'UserSummary' });

export const Me = z
  .object({
    user: UserSummary,
    /** Whether the user signs in with two factors; `required`: this organization requires it of them and it is not on yet, so only the account settings work. */
    two_factor: z.object({ enabled: z.boolean(), required: z.boolean() }),
    role: z.string(),
    organization: Organization,
    organizations: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
    authenticated_by: z.enum(['session', 'token']),
    test_clock: z
      .object({ now: z.string() })
      .nullable()
      .meta({ description: 'The test clock (SETTLE_TEST_CLOCK=true): the installation\'s business time, for every role to see; null on a normal installation' }),
  })
  .meta({ id: 'Me' });

export type MeOut = z.output<typeof Me>;

/** GET /auth/session: the `Me` object of a signed-in caller, marked `signed_in: true`. */
export const SignedIn = z.object({ signed_in: z.literal(true), ...Me.shape }).meta({ id: 'SessionSignedIn' });
/** GET /auth/session when nobody is signed in. */
export const SignedOut = z.object({ signed_in: z.literal(false) }).meta({ id: 'SessionSignedOut' });
export type SessionOut = z.output<typeof SignedIn> | z.output<typeof SignedOut>;

/** The first step of a sign-in with two factors: nothing is granted until POST /auth/login/2fa. */
export const TwoFactorRequired = z
  .object({
    two_factor_required: z.literal(true),
    /** Also set as an HttpOnly cookie; API clients send it back in the body of /auth/login/2fa. Valid 5 minutes. */
    challenge: z.string(),
  })
  .meta({ id: 'TwoFactorRequired' });

export const LoginTwoFactorBody = z
  .object({
    challenge: z.string().min(1).max(100).optional(),
    code: z.string().max(20).optional(),
    recovery_code: z.string().max(40).optional(),
  })
  .strict()
  .refine((body) => (body.code === undefined) !== (body.recovery_code === undefined), { message: 'give either code or recovery_code', path: ['code'] });
