import { z } from 'zod';
import { numberFormatProblem } from '../../domain/numbering.ts';
import { Address, AddressOut, CountryCode, CurrencyCode, Email, LanguageCode, PaymentTermsDays, optionalText, requiredText } from '../../server/schemas.ts';

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
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Organization' });

export type OrganizationOut = z.output<typeof Organization>;

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
    tax_id: optionalText(50),
    email: Email.nullish(),
    phone: optionalText(50),
    payment_terms_days: PaymentTermsDays.optional(),
    invoice_number_format: NumberFormat.optional(),
    credit_note_number_format: NumberFormat.optional(),
    locale: LanguageCode.optional(),
  })
  .strict();

export const OrganizationList = z.object({ data: z.array(Organization.extend({ role: z.string() })) });

export const SwitchOrganization = z.object({ organization_id: z.string().min(1).max(64) }).strict();
