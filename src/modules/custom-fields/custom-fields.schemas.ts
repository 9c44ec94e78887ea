import { z } from 'zod';
import { CUSTOM_FIELD_KEY, CUSTOM_FIELD_RESOURCES, CUSTOM_FIELD_TEXT_MAX, CUSTOM_FIELD_TYPES } from '../../domain/custom-fields.ts';
import { requiredText } from '../../kernel/http/schemas.ts';

export const MAX_OPTIONS = 100;

export const CustomFieldResource = z.enum(CUSTOM_FIELD_RESOURCES);

export const CustomFieldDefinition = z
  .object({
    id: z.string(),
    resource: CustomFieldResource,
    key: z.string().meta({ description: 'Slug, unique per resource; the key of the value in custom_fields. Never changes' }),
    label: z.string(),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.string()).meta({ description: 'The choices of a select (empty for other types)' }),
    required: z.boolean(),
    printed: z.boolean().meta({ description: 'Shown on invoice documents (PDF, HTML) as "Label: value"' }),
    position: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'CustomFieldDefinition' });
export type CustomFieldDefinitionOut = z.output<typeof CustomFieldDefinition>;

const Options = z
  .array(requiredText(CUSTOM_FIELD_TEXT_MAX))
  .max(MAX_OPTIONS, `must have at most ${MAX_OPTIONS} options`)
  .refine((options) => new Set(options).size === options.length, 'must not repeat an option');

const Position = z.number().int().min(0).max(10_000);

export const CreateCustomFieldDefinition = z
  .object({
    resource: CustomFieldResource,
    key: z.string().regex(CUSTOM_FIELD_KEY, 'must be a slug: lowercase letters, digits and _, starting with a letter, at most 40 characters'),
    label: requiredText(100),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: Options.optional(),
    required: z.boolean().default(false),
    printed: z.boolean().default(false),
    position: Position.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.type === 'select' && (body.options === undefined || body.options.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select needs at least one option' });
    }
    if (body.type !== 'select' && body.options !== undefined && body.options.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'only a select has options' });
    }
  });
export type CreateCustomFieldDefinitionInput = z.output<typeof CreateCustomFieldDefinition>;

/** The key, resource and type never change (stored values depend on them). */
export const UpdateCustomFieldDefinition = z
  .object({
    label: requiredText(100).optional(),
    options: Options.optional(),
    required: z.boolean().optional(),
    printed: z.boolean().optional(),
    position: Position.optional(),
  })
  .strict();
export type UpdateCustomFieldDefinitionInput = z.output<typeof UpdateCustomFieldDefinition>;

export const CustomFieldListQuery = z.object({ resource: CustomFieldResource.optional() });

export const CustomFieldDefinitionList = z.object({ data: z.array(CustomFieldDefinition) }).meta({ id: 'CustomFieldDefinitionList' });
