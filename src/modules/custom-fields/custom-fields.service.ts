/**
 * Custom field definitions (issue #19): admins define them per resource, everyone reads
 * them. The key, resource and type never change (stored values depend on them); deleting a
 * definition removes its values from customers, products and draft invoices, while
 * finalized invoices keep theirs. Each change runs in one transaction with its audit event.
 */
import { inTransaction } from '../../db/transaction.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { CustomFieldDefinitionsTable } from '../../db/schema.ts';
import { CUSTOM_FIELD_MAX_PER_RESOURCE, type CustomFieldResource } from '../../domain/custom-fields.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { CustomFieldsRepo } from './custom-fields.repo.ts';
import type { CreateCustomFieldDefinitionInput, CustomFieldDefinitionOut, UpdateCustomFieldDefinitionInput } from './custom-fields.schemas.ts';

export function definitionOut(row: CustomFieldDefinitionsTable): CustomFieldDefinitionOut {
  const options: unknown = row.options === null ? [] : JSON.parse(row.options);
  return {
    id: row.id,
    resource: row.resource as CustomFieldResource,
    key: row.key,
    label: row.label,
    type: row.type as CustomFieldDefinitionOut['type'],
    options: Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : [],
    required: row.required === 1,
    printed: row.printed === 1,
    position: row.position,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function keyConflict(key: string): AppError {
  return new AppError('conflict', `Another custom field of this resource already has the key "${key}"`, [{ path: 'key', message: 'is already used by another custom field of this resource' }]);
}

export async function listDefinitions(ctx: RequestContext, resource?: CustomFieldResource): Promise<CustomFieldDefinitionOut[]> {
  return (await new CustomFieldsRepo(ctx.db.kysely, ctx.orgId).list(resource)).map(definitionOut);
}

export async function getDefinition(ctx: RequestContext, id: string): Promise<CustomFieldDefinitionOut> {
  const row = await new CustomFieldsRepo(ctx.db.kysely, ctx.orgId).find(id);
  if (!row) throw AppError.notFound('Custom field');
  return definitionOut(row);
}

export async function createDefinition(ctx: RequestContext, input: CreateCustomFieldDefinitionInput): Promise<CustomFieldDefinitionOut> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const repo = new CustomFieldsRepo(trx, ctx.orgId);
      if (await repo.keyTaken(input.resource, input.key)) throw keyConflict(input.key);
      const { count, maxPosition } = await repo.countFor(input.resource);
      if (count >= CUSTOM_FIELD_MAX_PER_RESOURCE) {
        throw AppError.validation('resource', `already has ${CUSTOM_FIELD_MAX_PER_RESOURCE} custom fields, the most allowed`);
      }
      const now = nowIso(ctx.clock);
      const row: Omit<CustomFieldDefinitionsTable, 'organization_id'> = {
        id: newId('cfd'),
        resource: input.resource,
        key: input.key,
        label: input.label,
        type: input.type,
        options: input.type === 'select' ? JSON.stringify(input.options ?? []) : null,
        required: input.required ? 1 : 0,
        printed: input.printed ? 1 : 0,
        position: input.position ?? maxPosition + 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insert(row);
      const out = definitionOut({ ...row, organization_id: ctx.orgId });
      await emit(trx, ctx, { type: 'custom_field.created', resource: { type: 'custom_field', id: row.id }, after: out });
      return out;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw keyConflict(input.key);
    throw error;
  }
}

export async function updateDefinition(ctx: RequestContext, id: string, input: UpdateCustomFieldDefinitionInput): Promise<CustomFieldDefinitionOut> {
  return inTransaction(ctx.db, async (trx) => {
    const repo = new CustomFieldsRepo(trx, ctx.orgId);
    const before = await repo.find(id);
    if (!before) throw AppError.notFound('Custom field');
    if (input.options !== undefined && before.type !== 'select') throw AppError.validation('options', 'only a select has options');
    if (input.options !== undefined && input.options.length === 0) throw AppError.validation('options', 'a select needs at least one option');
    await repo.update(id, {
      ...(input.label === undefined ? {} : { label: input.label }),
      ...(input.options === undefined ? {} : { options: JSON.stringify(input.options) }),
      ...(input.required === undefined ? {} : { required: input.required ? 1 : 0 }),
      ...(input.printed === undefined ? {} : { printed: input.printed ? 1 : 0 }),
      ...(input.position === undefined ? {} : { position: input.position }),
      updated_at: nowIso(ctx.clock),
    });
    const after = await repo.find(id);
    if (!after) throw AppError.notFound('Custom field');
    const out = definitionOut(after);
    await emit(trx, ctx, { type: 'custom_field.updated', resource: { type: 'custom_field', id }, before: definitionOut(before), after: out });
    return out;
  });
}

export async function deleteDefinition(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const repo = new CustomFieldsRepo(trx, ctx.orgId);
    const before = await repo.find(id);
    if (!before) throw AppError.notFound('Custom field');
    const resource = before.resource as CustomFieldResource;
    await repo.delete(id);
    const cleared = await repo.removeValues(resource, before.key);
    await emit(trx, ctx, { type: 'custom_field.deleted', resource: { type: 'custom_field', id }, before: definitionOut(before), after: { values_cleared: cleared } });
  });
}
