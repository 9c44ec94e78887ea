/** GET/PUT /organization/accounts: the chart of accounts of the journal export. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { lockOrganizationRow } from '../../db/dialect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { nowIso } from '../../kernel/context.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { emit } from '../../kernel/events.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { AccountChartInput, AccountChartOut, chartFrom } from './account-chart.ts';
import { readChart } from './journal.repo.ts';
import './accounting-export.events.ts';

const tags = ['Exports'];

export function registerAccountChartRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/organization/accounts',
    {
      config: { requires: 'accountant' },
      schema: { tags, summary: 'The chart of accounts the journal export books to (a preset until saved)', response: { 200: AccountChartOut, ...problemResponses(401, 403) } },
    },
    async (request) => {
      const ctx = contextOf(request, deps);
      const { chart, saved } = await readChart(ctx.db.kysely, ctx.orgId);
      return { ...chart, saved };
    },
  );

  api.put(
    '/organization/accounts',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Set the chart of accounts: a preset (skr03, skr04, generic) and the accounts that differ from it',
        body: AccountChartInput,
        response: { 200: AccountChartOut, ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const ctx = contextOf(request, deps);
      const chart = chartFrom(request.body);
      return inTransaction(ctx.db, async (trx) => {
        // The organization row first (lock order): two saves at once each log the other's chart as "before".
        await lockOrganizationRow(trx, ctx.db.dialect, ctx.orgId);
        const before = await readChart(trx, ctx.orgId);
        const row = { preset: chart.preset, accounts: JSON.stringify(chart), updated_at: nowIso(ctx.clock) };
        await trx
          .insertInto('account_charts')
          .values({ organization_id: ctx.orgId, ...row })
          .onConflict((oc) => oc.column('organization_id').doUpdateSet(row))
          .execute();
        await emit(trx, ctx, { type: 'organization.accounts_updated', resource: { type: 'organization', id: ctx.orgId }, before: before.chart, after: chart });
        return { ...chart, saved: true };
      });
    },
  );
}
