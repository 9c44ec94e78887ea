/**
 * Hostile text in every free-text and identifier field: XML metacharacters, characters XML 1.0
 * forbids (C0 controls, U+FFFE/U+FFFF, lone surrogates), RTL marks and emoji. Every format must
 * stay well-formed and valid (0 fatal asserts, CII XSD), keep the legal characters exactly, and
 * drop only the forbidden ones.
 */

import { describe, expect, it } from 'vitest';
import type { EInvoice, EInvoiceFormat } from '../../../../src/domain/einvoice/model.ts';
import { EINVOICE_FORMATS } from '../../../../src/domain/einvoice/model.ts';
import { writeEInvoice, xmlText } from '../../../../src/modules/einvoices/xml/index.ts';
import { readExample } from './example-model.ts';
import { checkExport, normalisedTotals, readExampleFile } from './examples-roundtrip.ts';
import { fatalAsserts, wellFormedErrors } from './official-rules.ts';

const FORBIDDEN = '\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF\uDC00\uD800'; // low before high: two lone halves
const hostile = (label: string) =>
  `  ${label} <b>Tom & "Jerry"</b> 'x' ]]> &amp; AT&T; &#65; &#x42; <!-- --> <![CDATA[ ${FORBIDDEN} \u202Eשלום\u200F عربي 😀👩‍👩‍👧 \t\r\n tail  `;

type Text = (label: string) => string;
const MEANS = 'means <b>Tom & "Jerry"</b> &amp; AT&T; &#65; 😀 \u202Eשלום';

/** The example with `text` in every field that carries free text or an identifier. */
function withText(model: EInvoice, text: Text): EInvoice {
  const party = (p: EInvoice['seller'], who: string) => ({
    ...p,
    name: text(`${who} name`),
    tradingName: text(`${who} trading`),
    identifiers: [{ value: text(`${who} id`) }],
    legalRegistrationId: { value: text(`${who} legal`) },
    electronicAddress: { scheme: 'EM', value: text(`${who} endpoint`) },
    address: { ...p.address, line1: text('line1'), line2: text('line2'), line3: text('line3'), city: text('city'), postalCode: text('zip'), countrySubdivision: text('region') },
    contact: { name: text('contact'), phone: text('phone'), email: text('email') },
  });
  return {
    ...model,
    number: text('number'),
    notes: [{ text: text('note') }, { text: text('coded note'), subjectCode: 'AAI' }],
    buyerReference: text('buyer ref'),
    buyerAccountingReference: text('accounting'),
    contractReference: text('contract'),
    purchaseOrderReference: text('po'),
    salesOrderReference: text('so'),
    seller: { ...party(model.seller, 'seller'), taxRegistrationId: text('tax no'), additionalLegalInfo: text('legal info') },
    buyer: party(model.buyer, 'buyer'),
    paymentInstructions: {
      meansCode: '58',
      // An attribute in UBL (PaymentMeansCode/@name), where parsers fold tabs and line ends into spaces.
      meansText: MEANS,
      remittanceInformation: text('remittance'),
      creditTransfers: [{ iban: 'DE75512108001245126199', accountName: text('account'), bic: 'SOGEDEFFXXX' }],
    },
    paymentTerms: text('terms'),
    ...(model.allowances && { allowances: model.allowances.map((a) => ({ ...a, reason: text('allowance') })) }),
    ...(model.charges && { charges: model.charges.map((c) => ({ ...c, reason: text('charge') })) }),
    vatBreakdown: model.vatBreakdown.map((b) => (b.category === 'S' ? b : { ...b, exemptionReason: text('exemption') })),
    lines: model.lines.map((l, i) => ({
      ...l,
      id: text(`line ${i + 1}`),
      note: text('line note'),
      orderLineReference: text('order line'),
      item: { ...l.item, name: text('item'), description: text('description'), sellerId: text('seller item'), buyerId: text('buyer item') },
    })),
  };
}

// 01.21a has document allowances and charges, a reverse-charge (AE) breakdown and price discounts.
const { xml: exampleXml, model: example } = readExampleFile('01.21a-INVOICE_ubl.xml');
// Reading the output back trims each value, as xmlText does; the writer itself keeps the inner text.
const written: Text = (label) => xmlText(hostile(label));

describe('hostile text', () => {
  it('keeps everything XML 1.0 allows and drops only what it forbids', () => {
    expect(xmlText('a\u0000b\u0007c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh')).toBe('abcdefgh');
    expect(xmlText('lone \uD800 high, lone \uDFFF low')).toBe('lone  high, lone  low');
    expect(xmlText(' tab\there,\r\nCRLF\rCR ')).toBe('tab\there,\nCRLF\nCR');
    expect(xmlText('😀 \u202E RTL \u200F')).toBe('😀 \u202E RTL \u200F');
    expect(xmlText('<&>"\'')).toBe('<&>"\'');
  });

  it.each(EINVOICE_FORMATS as readonly EInvoiceFormat[])('in every field → %s stays valid and faithful', async (format) => {
    const out = await checkExport(withText(example, hostile), format, normalisedTotals(exampleXml), withText(example, written));
    // eslint-disable-next-line no-control-regex -- asserting the forbidden characters are gone
    expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(out).toContain('😀👩‍👩‍👧');
    expect(out).toContain('\u202Eשלום\u200F');
    expect(out).toContain('&lt;b&gt;Tom &amp; "Jerry"&lt;/b&gt;');
    expect(out).toContain('&amp;amp; AT&amp;T; &amp;#65; &amp;#x42;');
  });

  it('leaves out an optional field that is only forbidden characters or blanks', async () => {
    const model = { ...example, seller: { ...example.seller, tradingName: `${FORBIDDEN}  ` }, paymentTerms: ' \u0001 ' };
    for (const format of ['ubl', 'cii'] as const) {
      const { xml, syntax } = writeEInvoice(model, format);
      expect(await wellFormedErrors(xml)).toEqual([]);
      expect(await fatalAsserts(xml, syntax)).toEqual([]);
      const back = readExample(xml);
      expect(back.seller.tradingName).toBeUndefined();
      expect(back.paymentTerms).toBeUndefined();
      expect(xml).not.toMatch(/<cac:PaymentTerms>|<ram:TradingBusinessName>/);
    }
  });

  it('gives a file name safe for a download header whatever the number', () => {
    expect(writeEInvoice({ ...example, number: '2024/07 <"evil">\u0000 ../x' }, 'xrechnung-ubl').filename).toBe(
      'invoice-2024_07_evil_.._x-xrechnung-ubl.xml',
    );
    expect(writeEInvoice({ ...example, typeCode: '381', number: 'CN-7' }, 'cii').filename).toBe('credit-note-CN-7-cii.xml');
    expect(writeEInvoice(example, 'facturx').filename).toBe('factur-x.xml');
  });
});
