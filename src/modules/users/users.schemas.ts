import { z } from 'zod';
import { ROLES } from '../../domain/roles.ts';
import { Email, requiredText } from '../../server/schemas.ts';
import { Password } from '../auth/auth.schemas.ts';

export const RoleSchema = z.enum(ROLES);

export const Member = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    active: z.boolean(),
    has_password: z.boolean(),
    created_at: z.string(),
  })
  .meta({ id: 'User' });

export type MemberOut = z.output<typeof Member>;

export const CreateUser = z
  .object({
    name: requiredText(200),
    email: Email,
    role: RoleSchema,
    password: Password.optional(),
  })
  .strict();

export const UpdateUser = z
  .object({
    name: requiredText(200).optional(),
    role: RoleSchema.optional(),
    active: z.boolean().optional(),
    password: Password.optional(),
  })
  .strict();

export const MemberList = z.object({ data: z.array(Member), next_cursor: z.string().nullable() });
