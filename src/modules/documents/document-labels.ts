/**
 * The words printed on invoices and credit notes, in the languages documents are issued in.
 * A typed dictionary: a label missing in one language fails the typecheck, not the customer.
 */
import { DOCUMENT_LANGUAGES, type DocumentLanguage } from '../../domain/document-language.ts';
import type { InvoiceStatus } from '../../domain/invoice-status.ts';
import type { TaxCategory } from '../../domain/tax/index.ts';

export interface DocumentLabels {
  invoice: string;
  creditNote: string;
  draftMark: string;
  draftNote: string;
  voidMark: string;
  voidNote: string;
  from: string;
  billTo: string;
  creditTo: string;
  taxId: string;
  invoiceNumber: string;
  creditNoteNumber: string;
  issueDate: string;
  dueDate: string;
  paymentTerms: string;
  netDays: (days: number) => string;
  dueOnReceipt: string;
  onFinalization: string;
  correctsInvoice: string;
  reason: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  discount: string;
  tax: string;
  amount: string;
  pricesIncludeTax: string;
  allowancesAndCharges: string;
  allowance: string;
  charge: string;
  taxBreakdown: string;
  taxableAmount: string;
  taxAmount: string;
  rate: string;
  subtotal: string;
  allowances: string;
  charges: string;
  total: string;
  totalCredited: string;
  amountPaid: string;
  amountCredited: string;
  amountDue: string;
  paymentInstructions: string;
  accountHolder: string;
  bankName: string;
  iban: string;
  bic: string;
  paymentReference: string;
  notes: string;
  terms: string;
  page: (page: number, pages: number) => string;
  downloadPdf: string;
  status: string;
  overdue: string;
  statuses: Record<InvoiceStatus, string>;
  categories: Record<TaxCategory, string>;
}

const en: DocumentLabels = {
  invoice: 'Invoice',
  creditNote: 'Credit note',
  draftMark: 'DRAFT',
  draftNote: 'Not a valid invoice until finalized',
  voidMark: 'VOID',
  voidNote: 'This invoice was voided',
  from: 'From',
  billTo: 'Bill to',
  creditTo: 'Credit to',
  taxId: 'Tax ID',
  invoiceNumber: 'Invoice number',
  creditNoteNumber: 'Credit note number',
  issueDate: 'Issue date',
  dueDate: 'Due date',
  paymentTerms: 'Payment terms',
  netDays: (days) => `Net ${days} ${days === 1 ? 'day' : 'days'}`,
  dueOnReceipt: 'Due on receipt',
  onFinalization: 'On finalization',
  correctsInvoice: 'Corrects invoice',
  reason: 'Reason',
  description: 'Description',
  quantity: 'Qty',
  unit: 'Unit',
  unitPrice: 'Unit price',
  discount: 'Discount',
  tax: 'Tax',
  amount: 'Amount',
  pricesIncludeTax: 'Unit prices include tax; amounts are shown without tax.',
  allowancesAndCharges: 'Allowances and charges',
  allowance: 'Allowance',
  charge: 'Charge',
  taxBreakdown: 'Tax breakdown',
  taxableAmount: 'Taxable amount',
  taxAmount: 'Tax amount',
  rate: 'Rate',
  subtotal: 'Subtotal',
  allowances: 'Allowances',
  charges: 'Charges',
  total: 'Total',
  totalCredited: 'Total credited',
  amountPaid: 'Amount paid',
  amountCredited: 'Amount credited',
  amountDue: 'Amount due',
  paymentInstructions: 'Payment instructions',
  accountHolder: 'Account holder',
  bankName: 'Bank',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: 'Reference',
  notes: 'Notes',
  terms: 'Terms',
  page: (page, pages) => `Page ${page} of ${pages}`,
  downloadPdf: 'Download PDF',
  status: 'Status',
  overdue: 'Overdue',
  statuses: { draft: 'Draft', open: 'Open', partially_paid: 'Partially paid', paid: 'Paid', void: 'Void', uncollectible: 'Uncollectible' },
  categories: {
    S: 'Standard rate',
    Z: 'Zero rated',
    E: 'Exempt from VAT',
    AE: 'Reverse charge: VAT to be accounted for by the recipient',
    K: 'Intra-community supply, exempt from VAT',
    G: 'Export outside the EU, exempt from VAT',
    O: 'Not subject to VAT',
    L: 'Canary Islands general indirect tax (IGIC)',
    M: 'Ceuta and Melilla tax (IPSI)',
  },
};

const de: DocumentLabels = {
  invoice: 'Rechnung',
  creditNote: 'Gutschrift',
  draftMark: 'ENTWURF',
  draftNote: 'Erst nach der Finalisierung eine gültige Rechnung',
  voidMark: 'STORNIERT',
  voidNote: 'Diese Rechnung wurde storniert',
  from: 'Von',
  billTo: 'Rechnung an',
  creditTo: 'Gutschrift an',
  taxId: 'USt-IdNr.',
  invoiceNumber: 'Rechnungsnummer',
  creditNoteNumber: 'Gutschriftsnummer',
  issueDate: 'Rechnungsdatum',
  dueDate: 'Fällig am',
  paymentTerms: 'Zahlungsbedingungen',
  netDays: (days) => `Zahlbar innerhalb von ${days} ${days === 1 ? 'Tag' : 'Tagen'} ohne Abzug`,
  dueOnReceipt: 'Sofort fällig',
  onFinalization: 'Bei Finalisierung',
  correctsInvoice: 'Korrigiert Rechnung',
  reason: 'Grund',
  description: 'Beschreibung',
  quantity: 'Menge',
  unit: 'Einheit',
  unitPrice: 'Einzelpreis',
  discount: 'Rabatt',
  tax: 'USt.',
  amount: 'Betrag',
  pricesIncludeTax: 'Einzelpreise enthalten Umsatzsteuer; Beträge sind netto ausgewiesen.',
  allowancesAndCharges: 'Nachlässe und Zuschläge',
  allowance: 'Nachlass',
  charge: 'Zuschlag',
  taxBreakdown: 'Umsatzsteuer',
  taxableAmount: 'Nettobetrag',
  taxAmount: 'Steuerbetrag',
  rate: 'Satz',
  subtotal: 'Zwischensumme',
  allowances: 'Nachlässe',
  charges: 'Zuschläge',
  total: 'Gesamtbetrag',
  totalCredited: 'Gutgeschrieben',
  amountPaid: 'Bezahlt',
  amountCredited: 'Gutgeschrieben',
  amountDue: 'Offener Betrag',
  paymentInstructions: 'Zahlungsinformationen',
  accountHolder: 'Kontoinhaber',
  bankName: 'Bank',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: 'Verwendungszweck',
  notes: 'Anmerkungen',
  terms: 'Bedingungen',
  page: (page, pages) => `Seite ${page} von ${pages}`,
  downloadPdf: 'PDF herunterladen',
  status: 'Status',
  overdue: 'Überfällig',
  statuses: { draft: 'Entwurf', open: 'Offen', partially_paid: 'Teilweise bezahlt', paid: 'Bezahlt', void: 'Storniert', uncollectible: 'Uneinbringlich' },
  categories: {
    S: 'Regelsteuersatz',
    Z: 'Nullsatz',
    E: 'Steuerfrei',
    AE: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)',
    K: 'Steuerfreie innergemeinschaftliche Lieferung',
    G: 'Steuerfreie Ausfuhrlieferung',
    O: 'Nicht steuerbar',
    L: 'Allgemeine indirekte Steuer der Kanaren (IGIC)',
    M: 'Steuer von Ceuta und Melilla (IPSI)',
  },
};

const fr: DocumentLabels = {
  invoice: 'Facture',
  creditNote: 'Avoir',
  draftMark: 'BROUILLON',
  draftNote: 'Facture non valable avant sa finalisation',
  voidMark: 'ANNULÉE',
  voidNote: 'Cette facture a été annulée',
  from: 'De',
  billTo: 'Facturer à',
  creditTo: 'Avoir pour',
  taxId: 'N° TVA',
  invoiceNumber: 'Numéro de facture',
  creditNoteNumber: 'Numéro d’avoir',
  issueDate: 'Date d’émission',
  dueDate: 'Date d’échéance',
  paymentTerms: 'Conditions de paiement',
  netDays: (days) => `Paiement à ${days} ${days === 1 ? 'jour' : 'jours'}`,
  dueOnReceipt: 'Payable à réception',
  onFinalization: 'À la finalisation',
  correctsInvoice: 'Rectifie la facture',
  reason: 'Motif',
  description: 'Désignation',
  quantity: 'Qté',
  unit: 'Unité',
  unitPrice: 'Prix unitaire',
  discount: 'Remise',
  tax: 'TVA',
  amount: 'Montant',
  pricesIncludeTax: 'Les prix unitaires sont TTC ; les montants sont indiqués hors taxes.',
  allowancesAndCharges: 'Remises et frais',
  allowance: 'Remise',
  charge: 'Frais',
  taxBreakdown: 'Détail de la TVA',
  taxableAmount: 'Base HT',
  taxAmount: 'Montant TVA',
  rate: 'Taux',
  subtotal: 'Sous-total HT',
  allowances: 'Remises',
  charges: 'Frais',
  total: 'Total TTC',
  totalCredited: 'Total de l’avoir',
  amountPaid: 'Montant payé',
  amountCredited: 'Montant crédité',
  amountDue: 'Reste à payer',
  paymentInstructions: 'Modalités de paiement',
  accountHolder: 'Titulaire du compte',
  bankName: 'Banque',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: 'Référence',
  notes: 'Remarques',
  terms: 'Conditions',
  page: (page, pages) => `Page ${page} sur ${pages}`,
  downloadPdf: 'Télécharger le PDF',
  status: 'Statut',
  overdue: 'En retard',
  statuses: { draft: 'Brouillon', open: 'À payer', partially_paid: 'Partiellement payée', paid: 'Payée', void: 'Annulée', uncollectible: 'Irrécouvrable' },
  categories: {
    S: 'Taux normal',
    Z: 'Taux zéro',
    E: 'Exonéré de TVA',
    AE: 'Autoliquidation : TVA due par le preneur',
    K: 'Livraison intracommunautaire exonérée',
    G: 'Exportation hors UE exonérée',
    O: 'Hors champ d’application de la TVA',
    L: 'Impôt général indirect des Canaries (IGIC)',
    M: 'Impôt de Ceuta et Melilla (IPSI)',
  },
};

const es: DocumentLabels = {
  invoice: 'Factura',
  creditNote: 'Factura rectificativa',
  draftMark: 'BORRADOR',
  draftNote: 'No es una factura válida hasta su emisión',
  voidMark: 'ANULADA',
  voidNote: 'Esta factura ha sido anulada',
  from: 'De',
  billTo: 'Facturar a',
  creditTo: 'Abonar a',
  taxId: 'NIF',
  invoiceNumber: 'Número de factura',
  creditNoteNumber: 'Número de rectificativa',
  issueDate: 'Fecha de emisión',
  dueDate: 'Fecha de vencimiento',
  paymentTerms: 'Condiciones de pago',
  netDays: (days) => `Pago a ${days} ${days === 1 ? 'día' : 'días'}`,
  dueOnReceipt: 'Pago a la recepción',
  onFinalization: 'Al emitir',
  correctsInvoice: 'Rectifica la factura',
  reason: 'Motivo',
  description: 'Descripción',
  quantity: 'Cant.',
  unit: 'Unidad',
  unitPrice: 'Precio unitario',
  discount: 'Descuento',
  tax: 'IVA',
  amount: 'Importe',
  pricesIncludeTax: 'Los precios unitarios incluyen impuestos; los importes se muestran sin impuestos.',
  allowancesAndCharges: 'Descuentos y recargos',
  allowance: 'Descuento',
  charge: 'Recargo',
  taxBreakdown: 'Desglose de impuestos',
  taxableAmount: 'Base imponible',
  taxAmount: 'Cuota',
  rate: 'Tipo',
  subtotal: 'Subtotal',
  allowances: 'Descuentos',
  charges: 'Recargos',
  total: 'Total',
  totalCredited: 'Total abonado',
  amountPaid: 'Importe pagado',
  amountCredited: 'Importe abonado',
  amountDue: 'Importe pendiente',
  paymentInstructions: 'Instrucciones de pago',
  accountHolder: 'Titular de la cuenta',
  bankName: 'Banco',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: 'Referencia',
  notes: 'Notas',
  terms: 'Condiciones',
  page: (page, pages) => `Página ${page} de ${pages}`,
  downloadPdf: 'Descargar PDF',
  status: 'Estado',
  overdue: 'Vencida',
  statuses: { draft: 'Borrador', open: 'Pendiente', partially_paid: 'Pagada parcialmente', paid: 'Pagada', void: 'Anulada', uncollectible: 'Incobrable' },
  categories: {
    S: 'Tipo general',
    Z: 'Tipo cero',
    E: 'Exento de IVA',
    AE: 'Inversión del sujeto pasivo',
    K: 'Entrega intracomunitaria exenta',
    G: 'Exportación exenta',
    O: 'No sujeto a IVA',
    L: 'Impuesto General Indirecto Canario (IGIC)',
    M: 'Impuesto sobre la Producción, los Servicios y la Importación (IPSI)',
  },
};

const LABELS: Record<DocumentLanguage, DocumentLabels> = { en, de, fr, es };

/** The language of a locale tag ("de-AT" → "de"); English for languages documents are not printed in. */
export function documentLanguage(locale: string): DocumentLanguage {
  const primary = locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return (DOCUMENT_LANGUAGES as readonly string[]).includes(primary) ? (primary as DocumentLanguage) : 'en';
}

export function labelsFor(locale: string): DocumentLabels {
  return LABELS[documentLanguage(locale)];
}
