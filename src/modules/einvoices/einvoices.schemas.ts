import { z } from 'zod';

export const RuleFindingOut = z
  .object({
    rule: z.string().meta({ description: 'The rule id, e.g. "BR-CO-16" (EN 16931) or "CII-XSD" (the CII D16B schema)' }),
    flag: z.string().meta({ description: '"fatal" (an error) or "warning"/"information" as the rule declares it' }),
    location: z.string().meta({ description: 'XPath (or line) of the element the finding is about' }),
    message: z.string(),
  })
  .meta({ id: 'EInvoiceRuleFinding' });

export const EInvoiceValidationOut = z
  .object({
    valid: z.boolean().meta({ description: 'True when no fatal rule failed' }),
    syntax: z.enum(['UBL', 'CII']),
    errors: z.array(RuleFindingOut).meta({ description: 'Fatal findings: the document breaks these rules' }),
    warnings: z.array(RuleFindingOut),
  })
  .meta({ id: 'EInvoiceValidation' });
