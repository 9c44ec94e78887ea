import { z } from 'zod';
import { isValidTimeZone } from '../../domain/time-zone.ts';
import { numberFormatProblem } from '../../domain/numbering.ts';
import { bicProblem, ibanProblem, normaliseBic, normaliseIban } from '../../domain/bank.ts';
import { ElectronicAddressInput, ElectronicAddressOut, RegistrationId } from '../../kernel/http/einvoice-schemas.ts';
import { Address, AddressOut, CountryCode, CurrencyCode, Email, LanguageCode, PaymentTermsDays, optionalText, requiredText } from '../../kernel/http/schemas.ts';

export const BankDetailsOut = z
  .object({
    account_holder: z.string().nullable(),
    bank_name: z.string().nullable(),
    iban: z.string().nullable(),
    bic: z.string().nullable(),
    instructions: z.string().nullable(),
  })
  .meta({ id: 'BankDetails' });

export type BankDetailsValue = z.output<typeof BankDetailsOut>;

const Iban = z
  .string()
  .max(60)
  .transform((s) => normaliseIban(s))
  .transform((value, ctx) => {
    if (value === '') return null;
    const problem = ibanProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return value;
  })
  .nullish()
  .transform((v) => v ?? null);

const Bic = z
  .string()
  .max(20)
  .transform((s) => normaliseBic(s))
  .transform((value, ctx) => {
    if (value === '') return null;
    const problem = bicProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return value;
  })
  .nullish()
  .transform((v) => v ?? null);

/** Bank details replace the stored ones as a whole; empty strings clear a field, null clears them all. */
export const BankDetailsInput = z
  .object({
    account_holder: optionalText(200),
    bank_name: optionalText(200),
    iban: Iban,
    bic: Bic,
    instructions: optionalText(500),
  })
  .strict();

export const AccentColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #RRGGBB')
  .transform((s) => s.toLowerCase());

export const Organization = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    country: z.string().nullable(),
    address: AddressOut.nullable(),
    tax_id: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    payment_terms_days: z.number().int(),
    invoice_number_format: z.string(),
    credit_note_number_format: z.string(),
    locale: z.string(),
    accent_color: z.string().nullable(),
    document_footer: z.string().nullable(),
    bank_details: BankDetailsOut.nullable(),
    logo_url: z.string().nullable().meta({ description: 'Where the logo is served (GET), or null without a logo' }),
    require_two_factor: z.boolean().meta({ description: 'Admins and owners must sign in with two factors to work in this organization' }),
    time_zone: z.string().meta({
      description: 'IANA time zone in which "today", due dates, overdue and billing dates are reckoned: the one set, else the main zone of the country (UTC without one)',
    }),
    time_zone_set: z.boolean().meta({ description: 'false: time_zone is the default of the country and follows it' }),
    send_payment_receipts: z.boolean().meta({ description: 'E-mail the customer a receipt (PDF) on each payment recorded (when the customer has an e-mail address)' }),
    electronic_address: ElectronicAddressOut.nullable().meta({ description: "The seller's electronic address on e-invoices (EN 16931 BT-34), e.g. a Peppol participant id; null: none" }),
    legal_registration_id: z.string().nullable().meta({ description: 'Legal registration id (BT-30), e.g. the commercial register entry "HRB 12345"' }),
    tax_registration_id: z.string().nullable().meta({ description: 'Tax registration id other than the VAT id (BT-32), e.g. a German Steuernummer; tax_id stays the VAT id (BT-31)' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Organization' });

export type OrganizationOut = z.output<typeof Organization>;

export const TimeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone name such as "Europe/Berlin" or "America/New_York"');

export const NumberFormat = z
  .string()
  .max(60)
  .superRefine((value, ctx) => {
    const problem = numberFormatProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const CreateOrganization = z
  .object({
    name: requiredText(200),
    currency: CurrencyCode,
    country: CountryCode.optional(),
  })
  .strict();

export const UpdateOrganization = z
  .object({
    name: requiredText(200).optional(),
    currency: CurrencyCode.optional(),
    country: CountryCode.nullish(),
    address: Address.nullish(),
    // .optional(): a field left out of a PATCH stays as it is (optionalText alone would turn it into null).
    tax_id: optionalText(50).optional(),
    email: Email.nullish(),
    phone: optionalText(50).optional(),
    payment_terms_days: PaymentTermsDays.optional(),
    invoice_number_format: NumberFormat.optional(),
    credit_note_number_format: NumberFormat.optional(),
    locale: LanguageCode.optional(),
    accent_color: AccentColor.nullish(),
    document_footer: optionalText(1000).optional(),
    bank_details: BankDetailsInput.nullish(),
    /** Only someone who signs in with two factors may turn it on (so they cannot lock themselves out). */
    require_two_factor: z.boolean().optional(),
    /** null: back to the default of the country. */
    time_zone: TimeZone.nullish(),
    send_payment_receipts: z.boolean().optional(),
    electronic_address: ElectronicAddressInput.nullish(),
    legal_registration_id: RegistrationId.optional(),
    tax_registration_id: RegistrationId.optional(),
  })
  .strict();

export const OrganizationList = z.object({ data: z.array(Organization.extend({ role: z.string() })) });

export const SwitchOrganization = z.object({ organization_id: z.string().min(1).max(64) }).strict();
