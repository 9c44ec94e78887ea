/**
 * The words for each report column in the readers' languages, for CSVs made for people
 * (`?locale=`): the machine CSV's field names stay as they are for programs that read them.
 * `amount` columns are written as numbers in the reader's dialect (decimal comma in de/fr/es).
 */
import type { CsvLanguage } from '../../kernel/http/csv-export.ts';

interface Column {
  label: Record<CsvLanguage, string>;
  amount?: true;
}

const col = (en: string, de: string, fr: string, es: string, amount?: true): Column => ({ label: { en, de, fr, es }, ...(amount ? { amount } : {}) });

export const REPORT_COLUMNS: Record<string, Column> = {
  as_of: col('As of', 'Stichtag', 'Au', 'A fecha de'),
  currency: col('Currency', 'Währung', 'Devise', 'Moneda'),
  customer_name: col('Customer', 'Kunde', 'Client', 'Cliente'),
  current: col('Not yet due', 'Noch nicht fällig', 'Non échu', 'No vencido', true),
  days_1_30: col('1–30 days', '1–30 Tage', '1–30 jours', '1–30 días', true),
  days_31_60: col('31–60 days', '31–60 Tage', '31–60 jours', '31–60 días', true),
  days_61_90: col('61–90 days', '61–90 Tage', '61–90 jours', '61–90 días', true),
  days_over_90: col('Over 90 days', 'Über 90 Tage', 'Plus de 90 jours', 'Más de 90 días', true),
  total: col('Total', 'Gesamt', 'Total', 'Total', true),
  section: col('Section', 'Bereich', 'Section', 'Sección'),
  month: col('Month', 'Monat', 'Mois', 'Mes'),
  average_days: col('Average days to pay', 'Durchschn. Zahlungsdauer (Tage)', 'Délai moyen de paiement (jours)', 'Días medios de pago', true),
  invoice_count: col('Invoices', 'Rechnungen', 'Factures', 'Facturas'),
  receivables: col('Receivables', 'Forderungen', 'Créances', 'Cuentas por cobrar', true),
  sales: col('Invoiced', 'Fakturiert', 'Facturé', 'Facturado', true),
  days: col('Days', 'Tage', 'Jours', 'Días'),
  dso: col('DSO (days)', 'DSO (Tage)', 'DSO (jours)', 'DSO (días)', true),
  new_customers: col('New customers', 'Neue Kunden', 'Nouveaux clients', 'Clientes nuevos'),
  returning_customers: col('Returning customers', 'Wiederkehrende Kunden', 'Clients récurrents', 'Clientes recurrentes'),
  invoiced: col('Invoiced', 'Fakturiert', 'Facturé', 'Facturado', true),
  collected: col('Collected', 'Eingegangen', 'Encaissé', 'Cobrado', true),
  outstanding: col('Outstanding', 'Offen', 'Restant dû', 'Pendiente', true),
  name: col('Name', 'Name', 'Nom', 'Nombre'),
  quantity: col('Quantity', 'Menge', 'Quantité', 'Cantidad', true),
  net_amount: col('Net amount', 'Nettobetrag', 'Montant HT', 'Importe neto', true),
  period: col('Period', 'Zeitraum', 'Période', 'Periodo'),
  net: col('Net', 'Netto', 'HT', 'Neto', true),
  tax: col('Tax', 'Steuer', 'TVA', 'Impuesto', true),
  count: col('Count', 'Anzahl', 'Nombre', 'Cantidad'),
  category: col('Tax category', 'Steuerkategorie', 'Catégorie de TVA', 'Categoría fiscal'),
  percentage: col('Rate (%)', 'Satz (%)', 'Taux (%)', 'Tipo (%)', true),
  taxable_amount: col('Taxable amount', 'Bemessungsgrundlage', 'Base imposable', 'Base imponible', true),
  tax_amount: col('Tax amount', 'Steuerbetrag', 'Montant de TVA', 'Cuota', true),
  date: col('Date', 'Datum', 'Date', 'Fecha'),
  type: col('Type', 'Art', 'Type', 'Tipo'),
  number: col('Number', 'Nummer', 'Numéro', 'Número'),
  amount: col('Amount', 'Betrag', 'Montant', 'Importe', true),
  balance: col('Balance', 'Saldo', 'Solde', 'Saldo', true),
};

/** The word for the totals lines' "TOTAL" marker. */
export const TOTAL_WORD: Record<CsvLanguage, string> = { en: 'Total', de: 'Summe', fr: 'Total', es: 'Total' };
