import { z } from 'zod';
import {
  Address,
  AddressOut,
  CurrencyCode,
  Email,
  LanguageCode,
  ListQuery,
  PaymentTermsDays,
  optionalText,
  requiredText,
} from '../../kernel/http/schemas.ts';
import { EinvoiceFormat, ElectronicAddressInput, ElectronicAddressOut, RegistrationId } from '../../kernel/http/einvoice-schemas.ts';
import { CatalogueSortParam, CsvLocale, IdSelection, ListFormat } from '../../kernel/http/csv-export.ts';
import { CustomFieldsInput, CustomFieldsOut } from '../../kernel/http/custom-field-schemas.ts';

/** What the customer owes and holds as credit in one currency (amounts as decimal strings). */
export const CustomerBalance = z
  .object({
    currency: z.string(),
    outstanding: z.string().meta({ description: 'Amount due on open and partially paid invoices' }),
    credit: z.string().meta({ description: 'Unused customer credit (overpayments, credit notes)' }),
  })
  .meta({ id: 'CustomerBalance' });

export const Customer = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: AddressOut.nullable(),
    tax_id: z.string().nullable(),
    currency: z.string().nullable(),
    language: z.string().nullable(),
    payment_terms_days: z.number().int().nullable(),
    notes: z.string().nullable(),
    archived: z.boolean(),
    reminders_enabled: z.boolean().meta({ description: 'false: the customer opted out of payment reminders' }),
    electronic_address: ElectronicAddressOut.nullable().meta({ description: "The buyer's electronic address on e-invoices (EN 16931 BT-49), e.g. a Peppol participant id or a Leitweg-ID; null: none" }),
    legal_registration_id: z.string().nullable().meta({ description: 'Legal registration id (BT-47), e.g. "HRB 12345"' }),
    einvoice_format: EinvoiceFormat.nullable().meta({ description: 'The e-invoice format this customer receives (ubl, cii, xrechnung-ubl, xrechnung-cii, facturx); null: none' }),
    custom_fields: CustomFieldsOut,
    anonymized_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    balances: z.array(CustomerBalance).meta({ description: 'One entry per currency in which anything is outstanding or credited' }),
  })
  .meta({ id: 'Customer' });

export type CustomerOut = z.output<typeof Customer>;
/** The customer's own fields, without the computed balances (what the audit log records). */
export type CustomerFields = Omit<CustomerOut, 'balances'>;

const customerFields = {
  name: requiredText(200),
  email: Email.nullish().transform((v) => v ?? null),
  phone: optionalText(50),
  address: Address.nullish().transform((v) => v ?? null),
  tax_id: optionalText(50),
  currency: CurrencyCode.nullish().transform((v) => v ?? null),
  language: LanguageCode.nullish().transform((v) => v ?? null),
  payment_terms_days: PaymentTermsDays.nullish().transform((v) => v ?? null),
  notes: optionalText(5000),
  reminders_enabled: z.boolean().default(true).meta({ description: 'false: no payment reminders are sent to this customer (default true)' }),
  electronic_address: ElectronicAddressInput.nullish().transform((v) => v ?? null),
  legal_registration_id: RegistrationId,
  einvoice_format: EinvoiceFormat.nullish().transform((v) => v ?? null),
  custom_fields: CustomFieldsInput,
};

export const CreateCustomer = z.object(customerFields).strict();
export type CreateCustomerInput = z.output<typeof CreateCustomer>;

export const UpdateCustomer = z
  .object({
    name: customerFields.name.optional(),
    email: Email.nullish(),
    phone: optionalText(50).optional(),
    address: Address.nullish(),
    tax_id: optionalText(50).optional(),
    currency: CurrencyCode.nullish(),
    language: LanguageCode.nullish(),
    payment_terms_days: PaymentTermsDays.nullish(),
    notes: optionalText(5000).optional(),
    archived: z.boolean().optional(),
    reminders_enabled: z.boolean().optional(),
    electronic_address: ElectronicAddressInput.nullish(),
    legal_registration_id: RegistrationId.optional(),
    einvoice_format: EinvoiceFormat.nullish(),
    custom_fields: CustomFieldsInput,
  })
  .strict();
export type UpdateCustomerInput = z.output<typeof UpdateCustomer>;

/** The fields GET /customers sorts by besides `created` (`?sort=name`, `?sort=-created_at`). */
export const CUSTOMERS_SORT_FIELDS = ['name', 'email', 'created_at'] as const;

export const CustomerListQuery = ListQuery.extend({
  q: z.string().max(200).optional(),
  archived: z.enum(['true', 'false', 'all']).default('false'),
  sort: CatalogueSortParam(CUSTOMERS_SORT_FIELDS),
  ids: IdSelection,
  format: ListFormat,
  locale: CsvLocale,
});
export type CustomerListQueryInput = z.output<typeof CustomerListQuery>;

export const CustomerList = z.object({
  data: z.array(Customer),
  next_cursor: z.string().nullable(),
  total: z.number().int().meta({ description: 'How many customers match the filters (all pages)' }),
}).meta({ id: 'CustomerList' });
