/**
 * Issue dates never go backwards within a number series: INV-2026-00013 cannot be dated
 * before INV-2026-00012 (tax authorities read numbers and dates as one chronology, and a
 * back-dated document is what an auditor looks for first). Checked under the series' counter
 * lock (db/sequences.ts), so two concurrent issuers cannot both pass with crossing dates.
 */
import { lastIssuedInSeries, type SequenceKind } from '../../db/sequences.ts';
import type { Executor } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';

const NOUN: Record<SequenceKind, string> = { invoice: 'invoice', credit_note: 'credit note', quote: 'quote' };

/** 409 naming issue_date when `issueDate` is before the last issued document of the series. Call after nextSequenceValue. */
export async function assertIssueDateInOrder(trx: Executor, orgId: string, kind: SequenceKind, scope: string, issueDate: string): Promise<void> {
  const last = await lastIssuedInSeries(trx, orgId, kind, scope);
  if (last === undefined || issueDate >= last.issue_date) return;
  const message = `must not be before ${last.issue_date}, the date of ${last.number}, the last ${NOUN[kind]} issued in this series`;
  throw new AppError('conflict', `issue_date: ${message}`, [{ path: 'issue_date', message }]);
}
