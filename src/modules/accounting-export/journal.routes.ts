/**
 * GET /exports/journal: the double-entry journal of a period (JSON, CSV in the reader's
 * spreadsheet dialect, or a DATEV Buchungsstapel), and GET/PUT /organization/accounts: the
 * chart of accounts it books to.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatAmount } from '../../domain/money/index.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { csvAmount, sendCsv, type CsvColumn } from '../../kernel/http/csv-export.ts';
import { contextOf, principalOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { buildJournal, textWords, type JournalLine } from './journal.ts';
import { readChart, readJournalInput } from './journal.repo.ts';
import { JournalOut, JournalQuery } from './journal.schemas.ts';
import { datevText, toWindows1252 } from './datev.ts';
import { registerAccountChartRoutes } from './account-chart.routes.ts';

const CSV_NAMES = { en: 'journal', de: 'buchungsjournal', fr: 'journal-comptable', es: 'libro-diario' } as const;

function csvColumns(currency: string): CsvColumn<JournalLine>[] {
  return [
    { header: { en: 'Date', de: 'Datum', fr: 'Date', es: 'Fecha' }, value: (l) => l.date },
    { header: { en: 'Document', de: 'Beleg', fr: 'Pièce', es: 'Documento' }, value: (l) => l.document_number },
    { header: { en: 'Account', de: 'Konto', fr: 'Compte', es: 'Cuenta' }, value: (l) => l.account },
    { header: { en: 'Debit', de: 'Soll', fr: 'Débit', es: 'Debe' }, value: (l) => csvAmount(l.debit, currency) },
    { header: { en: 'Credit', de: 'Haben', fr: 'Crédit', es: 'Haber' }, value: (l) => csvAmount(l.credit, currency) },
    { header: { en: 'Currency', de: 'Währung', fr: 'Devise', es: 'Moneda' }, value: () => currency },
    { header: { en: 'Tax code', de: 'Steuerschlüssel', fr: 'Code TVA', es: 'Código de impuesto' }, value: (l) => l.tax_code },
    { header: { en: 'Text', de: 'Buchungstext', fr: 'Libellé', es: 'Concepto' }, value: (l) => l.text },
  ];
}

export function registerJournalRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/exports/journal',
    {
      config: { requires: 'accountant' },
      schema: {
        tags: ['Exports'],
        summary: 'The double-entry journal of a period in one currency: JSON, CSV (?format=csv) or a DATEV EXTF Buchungsstapel (?format=datev)',
        querystring: JournalQuery,
        response: { 200: JournalOut, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      const query = request.query;
      const { chart, currency: orgCurrency, locale } = await readChart(ctx.db.kysely, ctx.orgId);
      const currency = query.currency ?? orgCurrency;
      const journal = buildJournal(await readJournalInput(ctx.db.kysely, ctx.orgId, { currency, from: query.from, to: query.to }), chart, textWords(locale));
      const name = `${query.from}_${query.to}`;
      if (query.format === 'csv') {
        const dialect = (query.locale ?? request.headers['accept-language'] ?? 'en').slice(0, 2).toLowerCase();
        const prefix = CSV_NAMES[dialect as keyof typeof CSV_NAMES] ?? CSV_NAMES.en;
        return sendCsv(request, reply, `${prefix}-${currency.toLowerCase()}-${name}`, query.locale, csvColumns(currency), async function* () {
          yield await Promise.resolve(journal.lines);
        });
      }
      if (query.format === 'datev') {
        const text = datevText(journal, { chart, currency, from: query.from, to: query.to, createdAt: deps.clock.now(), exportedBy: principalOf(request).userName });
        return reply
          .type('text/csv; charset=windows-1252')
          .header('Content-Disposition', `attachment; filename="EXTF_Buchungsstapel_${currency}_${name}.csv"`)
          .send(toWindows1252(text) as never);
      }
      return {
        currency,
        from: query.from,
        to: query.to,
        lines: journal.lines.map((l) => ({
          entry: l.entry,
          kind: l.kind,
          date: l.date,
          document_number: l.document_number,
          account: l.account,
          debit: formatAmount(l.debit, currency),
          credit: formatAmount(l.credit, currency),
          currency,
          tax_code: l.tax_code,
          text: l.text,
        })),
        totals: { debit: formatAmount(journal.debit, currency), credit: formatAmount(journal.credit, currency) },
      };
    },
  );

  registerAccountChartRoutes(app, deps);
}
