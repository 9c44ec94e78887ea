/**
 * What the UBL and CII writers share: the profile identifiers, safe text, and small builder
 * helpers that leave optional business terms out instead of writing empty elements.
 */

import type { create } from 'xmlbuilder2';
import type { EInvoiceFormat } from '../../../domain/einvoice/model.ts';

/** xmlbuilder2's node builder (its interface type is not exported from the package root). */
export type Builder = ReturnType<typeof create>;

/** BT-24 specification identifiers. */
export const EN16931 = 'urn:cen.eu:en16931:2017';
export const PEPPOL_BIS3 = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const XRECHNUNG_3 = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
/** BT-23 business process (Peppol billing; XRechnung asks for it too). */
export const PEPPOL_PROFILE = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

/** The BT-24 a format claims. Factur-X EN 16931 profile uses the plain EN 16931 identifier. */
export function specificationId(format: EInvoiceFormat): string {
  switch (format) {
    case 'ubl':
      return PEPPOL_BIS3;
    case 'xrechnung-ubl':
    case 'xrechnung-cii':
      return XRECHNUNG_3;
    case 'cii':
    case 'facturx':
      return EN16931;
  }
}

/**
 * Characters XML 1.0 forbids (C0 controls except tab/LF/CR, U+FFFE/U+FFFF) and UTF-16 halves
 * without their partner. They cannot even be escaped, so a name pasted with a stray control
 * character would make the whole document unreadable: they are dropped. Everything else,
 * RTL marks and emoji included, is legal and kept; xmlbuilder2 escapes the metacharacters.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe for XML 1.0, trimmed (leading/trailing blanks in codes and ids break the rules). */
export function xmlText(value: string): string {
  return value.replace(FORBIDDEN, '').trim();
}

/** True when a value would print as something (undefined, empty and blank-only are absent). */
export function present(value: string | undefined): value is string {
  return value !== undefined && xmlText(value) !== '';
}

/** Adds `<name attrs>text</name>` to parent when the value is present; returns the parent. */
export function leaf(parent: Builder, name: string, value: string | undefined, attributes?: Record<string, string | undefined>): Builder {
  if (!present(value)) return parent;
  const clean: Record<string, string> = {};
  for (const [key, attribute] of Object.entries(attributes ?? {})) {
    if (present(attribute)) clean[key] = xmlText(attribute);
  }
  parent.ele(name, clean).txt(xmlText(value));
  return parent;
}

/** Like leaf, but the element is mandatory: written even if the value is empty (the rules then name it). */
export function requiredLeaf(parent: Builder, name: string, value: string, attributes?: Record<string, string | undefined>): Builder {
  if (present(value)) return leaf(parent, name, value, attributes);
  parent.ele(name);
  return parent;
}

/** Any of the values present (decides whether an optional group is written at all). */
export function anyPresent(...values: (string | undefined)[]): boolean {
  return values.some(present);
}

/** The file name of an export: the document number made safe for a Content-Disposition header. */
export function exportFilename(number: string, format: EInvoiceFormat, typeCode: '380' | '381'): string {
  if (format === 'facturx') return 'factur-x.xml'; // the name Factur-X requires for the embedded file
  const safe = xmlText(number).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'document';
  const kind = typeCode === '381' ? 'credit-note' : 'invoice';
  return `${kind}-${safe}-${format}.xml`;
}
