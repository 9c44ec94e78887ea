/**
 * The words printed on receipts and statements (account documents), in the languages
 * documents are issued in. A typed dictionary, like document-labels.ts.
 */
import type { DocumentLanguage } from '../../domain/document-language.ts';

export type AccountEntryType = 'invoice' | 'credit_note' | 'payment' | 'refund';

export interface AccountLabels {
  receipt: string;
  receivedFrom: string;
  paymentDate: string;
  method: string;
  reference: string;
  amountReceived: string;
  appliedTo: string;
  invoice: string;
  invoiceTotal: string;
  paidNow: string;
  remaining: string;
  heldAsCredit: string;
  refunds: string;
  refunded: string;
  date: string;
  reason: string;
  amount: string;
  thanks: string;
  methods: Record<string, string>;
  statement: string;
  statementFor: string;
  period: string;
  asOf: string;
  openingBalance: string;
  closingBalance: string;
  type: string;
  number: string;
  balance: string;
  entries: Record<AccountEntryType, string>;
}

const en: AccountLabels = {
  receipt: 'Payment receipt',
  receivedFrom: 'Received from',
  paymentDate: 'Payment date',
  method: 'Method',
  reference: 'Reference',
  amountReceived: 'Amount received',
  appliedTo: 'Applied to',
  invoice: 'Invoice',
  invoiceTotal: 'Invoice total',
  paidNow: 'Paid with this payment',
  remaining: 'Remaining balance',
  heldAsCredit: 'Held as credit',
  refunds: 'Refunds',
  refunded: 'Refunded',
  date: 'Date',
  reason: 'Reason',
  amount: 'Amount',
  thanks: 'Thank you for your payment.',
  methods: { cash: 'Cash', bank_transfer: 'Bank transfer', card: 'Card', check: 'Check', online: 'Online', other: 'Other', customer_credit: 'Customer credit' },
  statement: 'Statement of account',
  statementFor: 'Customer',
  period: 'Period',
  asOf: 'As of',
  openingBalance: 'Opening balance',
  closingBalance: 'Balance due',
  type: 'Type',
  number: 'Number',
  balance: 'Balance',
  entries: { invoice: 'Invoice', credit_note: 'Credit note', payment: 'Payment', refund: 'Refund' },
};

const de: AccountLabels = {
  receipt: 'Zahlungsbestätigung',
  receivedFrom: 'Erhalten von',
  paymentDate: 'Zahlungsdatum',
  method: 'Zahlungsart',
  reference: 'Referenz',
  amountReceived: 'Erhaltener Betrag',
  appliedTo: 'Verrechnet mit',
  invoice: 'Rechnung',
  invoiceTotal: 'Rechnungsbetrag',
  paidNow: 'Mit dieser Zahlung bezahlt',
  remaining: 'Offener Betrag',
  heldAsCredit: 'Als Guthaben verbucht',
  refunds: 'Erstattungen',
  refunded: 'Erstattet',
  date: 'Datum',
  reason: 'Grund',
  amount: 'Betrag',
  thanks: 'Vielen Dank für Ihre Zahlung.',
  methods: { cash: 'Bar', bank_transfer: 'Überweisung', card: 'Karte', check: 'Scheck', online: 'Online', other: 'Sonstige', customer_credit: 'Guthaben' },
  statement: 'Kontoauszug',
  statementFor: 'Kunde',
  period: 'Zeitraum',
  asOf: 'Stand',
  openingBalance: 'Anfangssaldo',
  closingBalance: 'Offener Saldo',
  type: 'Art',
  number: 'Nummer',
  balance: 'Saldo',
  entries: { invoice: 'Rechnung', credit_note: 'Gutschrift', payment: 'Zahlung', refund: 'Erstattung' },
};

const fr: AccountLabels = {
  receipt: 'Reçu de paiement',
  receivedFrom: 'Reçu de',
  paymentDate: 'Date du paiement',
  method: 'Moyen de paiement',
  reference: 'Référence',
  amountReceived: 'Montant reçu',
  appliedTo: 'Affecté à',
  invoice: 'Facture',
  invoiceTotal: 'Total de la facture',
  paidNow: 'Payé par ce paiement',
  remaining: 'Reste à payer',
  heldAsCredit: 'Conservé en avoir',
  refunds: 'Remboursements',
  refunded: 'Remboursé',
  date: 'Date',
  reason: 'Motif',
  amount: 'Montant',
  thanks: 'Merci pour votre paiement.',
  methods: { cash: 'Espèces', bank_transfer: 'Virement', card: 'Carte', check: 'Chèque', online: 'En ligne', other: 'Autre', customer_credit: 'Avoir client' },
  statement: 'Relevé de compte',
  statementFor: 'Client',
  period: 'Période',
  asOf: 'Au',
  openingBalance: 'Solde d’ouverture',
  closingBalance: 'Solde dû',
  type: 'Type',
  number: 'Numéro',
  balance: 'Solde',
  entries: { invoice: 'Facture', credit_note: 'Avoir', payment: 'Paiement', refund: 'Remboursement' },
};

const es: AccountLabels = {
  receipt: 'Recibo de pago',
  receivedFrom: 'Recibido de',
  paymentDate: 'Fecha de pago',
  method: 'Forma de pago',
  reference: 'Referencia',
  amountReceived: 'Importe recibido',
  appliedTo: 'Aplicado a',
  invoice: 'Factura',
  invoiceTotal: 'Total de la factura',
  paidNow: 'Pagado con este pago',
  remaining: 'Saldo pendiente',
  heldAsCredit: 'Guardado como saldo a favor',
  refunds: 'Reembolsos',
  refunded: 'Reembolsado',
  date: 'Fecha',
  reason: 'Motivo',
  amount: 'Importe',
  thanks: 'Gracias por su pago.',
  methods: { cash: 'Efectivo', bank_transfer: 'Transferencia', card: 'Tarjeta', check: 'Cheque', online: 'En línea', other: 'Otro', customer_credit: 'Saldo a favor' },
  statement: 'Estado de cuenta',
  statementFor: 'Cliente',
  period: 'Periodo',
  asOf: 'A fecha de',
  openingBalance: 'Saldo inicial',
  closingBalance: 'Saldo pendiente',
  type: 'Tipo',
  number: 'Número',
  balance: 'Saldo',
  entries: { invoice: 'Factura', credit_note: 'Nota de crédito', payment: 'Pago', refund: 'Reembolso' },
};

const LABELS: Record<DocumentLanguage, AccountLabels> = { en, de, fr, es };

export function accountLabels(language: DocumentLanguage): AccountLabels {
  return LABELS[language];
}
