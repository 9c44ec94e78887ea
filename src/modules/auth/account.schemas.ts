/** Request and response shapes of the account routes (account.routes.ts); the web app reuses the types. */
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './secrets.ts';

const Token = z.string().min(1, 'is required').max(200, 'is not a valid link token');
const NewPassword = z.string().max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters long`);
const PASSWORD_RULES =
  'At least 10 characters; not the e-mail address or name; not a common, breached or easily guessed password (zxcvbn score 3 or more). A refusal says why.';

export const TokenBody = z.object({ token: Token }).strict();
export const AcceptBody = z.object({ token: Token, password: NewPassword.optional().meta({ description: `Required when the account has no password yet. ${PASSWORD_RULES}` }) }).strict();
export const ResetRequestBody = z.object({ email: z.string().max(254).transform((s) => s.trim().toLowerCase()) }).strict();
export const ResetConfirmBody = z.object({ token: Token, password: NewPassword.meta({ description: PASSWORD_RULES }) }).strict();
export const ChangePasswordBody = z.object({ current_password: z.string().max(PASSWORD_MAX_LENGTH), new_password: NewPassword.meta({ description: PASSWORD_RULES }) }).strict();

export const Invitation = z
  .object({
    email: z.string(),
    name: z.string(),
    organization: z.object({ id: z.string(), name: z.string() }),
    role: z.string(),
    invited_by: z.string().nullable(),
    expires_at: z.string(),
    needs_password: z.boolean(),
  })
  .meta({ id: 'Invitation' });

export const Accepted = z.object({
  organization: z.object({ id: z.string(), name: z.string() }),
  role: z.string(),
  /** True when a password was chosen now: the response set a session cookie. */
  signed_in: z.boolean(),
});

export type InvitationOut = z.output<typeof Invitation>;
export type AcceptedOut = z.output<typeof Accepted>;
