import { z } from 'zod';
import { ROLES } from '../../domain/roles.ts';
import { Email, requiredText } from '../../kernel/http/schemas.ts';

export const RoleSchema = z.enum(ROLES);

export const MemberStatus = z.enum(['active', 'deactivated', 'invited']);

export const Member = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    /** True only for a member who accepted and is not deactivated. */
    active: z.boolean(),
    /** `invited` until the person accepts the invitation e-mailed to them. */
    status: MemberStatus,
    has_password: z.boolean(),
    created_at: z.string(),
    /** Only in the answer to an invitation (or its resending): when its link expires and whether it was e-mailed. */
    invitation: z
      .object({
        expires_at: z.string(),
        delivery: z.enum(['email', 'no_mail_server']).meta({
          description: '`email`: queued for delivery to the address. `no_mail_server`: SMTP_URL is not set; the operator can print a link with `settle users invite-link`.',
        }),
      })
      .optional(),
  })
  .meta({ id: 'User' });

export type MemberOut = z.output<typeof Member>;

/**
 * Nobody sets another person's password: `password` is accepted by the schema only so the
 * refusal can name it (an older client may still send it).
 */
const NotAPassword = z.unknown().optional().meta({ description: 'Not accepted: each person chooses their own password through the link e-mailed to them.' });

export const CreateUser = z
  .object({
    name: requiredText(200),
    email: Email,
    role: RoleSchema,
    password: NotAPassword,
  })
  .strict();

export const UpdateUser = z
  .object({
    name: requiredText(200).optional(),
    role: RoleSchema.optional(),
    active: z.boolean().optional(),
    password: NotAPassword,
  })
  .strict();

export const MemberList = z.object({ data: z.array(Member), next_cursor: z.string().nullable() });
