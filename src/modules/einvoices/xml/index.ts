/**
 * One entry point for every e-invoice syntax Settle writes. Pure: model in, XML text out.
 * The caller (the einvoices module) maps a finalized invoice or credit note to the model,
 * validates the result with the official rules, and for `facturx` embeds the XML in a PDF/A-3.
 */

import type { EInvoice, EInvoiceFormat } from '../../../domain/einvoice/model.ts';
import { writeCii } from './cii.ts';
import { exportFilename, PEPPOL_PROFILE, specificationId } from './common.ts';
import { writeUbl } from './ubl.ts';

export interface WrittenEInvoice {
  xml: string;
  syntax: 'UBL' | 'CII';
  /** Suggested download name; `factur-x.xml` for the Factur-X attachment. */
  filename: string;
}

export function writeEInvoice(model: EInvoice, format: EInvoiceFormat): WrittenEInvoice {
  const filename = exportFilename(model.number, format, model.typeCode);
  const specification = specificationId(format);
  switch (format) {
    case 'ubl':
    case 'xrechnung-ubl':
      return { xml: writeUbl(model, specification), syntax: 'UBL', filename };
    case 'cii':
    case 'xrechnung-cii':
      // BT-23 is optional in EN 16931 but XRechnung requires it; Peppol's billing process fits both.
      return { xml: writeCii(model, { guideline: specification, businessProcess: PEPPOL_PROFILE }), syntax: 'CII', filename };
    case 'facturx':
      // Factur-X EN 16931 profile: guideline urn:cen.eu:en16931:2017, no business process.
      return { xml: writeCii(model, { guideline: specification }), syntax: 'CII', filename };
  }
}

export { EN16931, PEPPOL_BIS3, PEPPOL_PROFILE, XRECHNUNG_3, xmlText } from './common.ts';
