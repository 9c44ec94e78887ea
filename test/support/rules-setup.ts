/**
 * Runs once before the unit tests: compiles the official e-invoice rules (about 20 s per
 * syntax on a fresh clone, then cached in node_modules/.cache), so the tests that validate
 * e-invoices do not each pay for it inside their time limit.
 */
import { compiledRules } from '../../src/modules/einvoices/validation/sef-cache.ts';

export default async function rulesSetup(): Promise<void> {
  await Promise.all([compiledRules('UBL'), compiledRules('CII')]);
}
