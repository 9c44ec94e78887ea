/**
 * Electronic address schemes (CEF EAS code list) for BT-34/BT-49 (seller's and buyer's
 * electronic address, e.g. a Peppol participant id). The list is the one the EN 16931 rules
 * accept (BR-CL-25 in einvoice-rules/EN16931-UBL-validation.xslt); a unit test checks the two
 * stay equal. Pure: shared by the server and the web app.
 */

const CODES =
  '0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177 0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 ' +
  '0198 0199 0200 0201 0202 0203 0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230 0235 0240 0244 0242 0245 ' +
  '0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 ' +
  '9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM ' +
  '';

/** 104 codes. */
export const EAS_CODES: ReadonlySet<string> = new Set(CODES.trim().split(/\s+/));

export function isEasCode(scheme: string): boolean {
  return EAS_CODES.has(scheme);
}

/** The schemes most businesses use, with a label: what the forms offer first. */
export const COMMON_EAS_SCHEMES: readonly { code: string; label: string }[] = [
  { code: 'EM', label: 'E-mail address' },
  { code: '0088', label: 'GLN (Global Location Number)' },
  { code: '0060', label: 'DUNS number' },
  { code: '0204', label: 'Leitweg-ID (German public buyers)' },
  { code: '9930', label: 'German VAT number' },
  { code: '9957', label: 'French VAT number' },
  { code: '0009', label: 'French SIRET' },
  { code: '0002', label: 'French SIRENE' },
  { code: '0208', label: 'Belgian enterprise number' },
  { code: '9925', label: 'Belgian VAT number' },
  { code: '0106', label: 'Dutch chamber of commerce (KvK)' },
  { code: '0190', label: 'Dutch OIN' },
  { code: '9944', label: 'Dutch VAT number' },
  { code: '9914', label: 'Austrian VAT number' },
  { code: '0211', label: 'Italian partita IVA' },
  { code: '9920', label: 'Spanish VAT number' },
  { code: '0007', label: 'Swedish organisation number' },
  { code: '0192', label: 'Norwegian organisation number' },
  { code: '0184', label: 'Danish CVR number' },
  { code: '0216', label: 'Finnish OVT code' },
  { code: '0151', label: 'Australian ABN' },
];

/** A plain e-mail shape: one @, no spaces, a dot in the domain (scheme EM). */
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const MAX_ELECTRONIC_ADDRESS_LENGTH = 200;

/** Why {scheme, value} is not an electronic address, naming the sub-field; null when it is one. */
export function electronicAddressProblem(scheme: string, value: string): { field: 'scheme' | 'value'; message: string } | null {
  if (!isEasCode(scheme)) {
    return { field: 'scheme', message: `"${scheme}" is not a scheme of the CEF EAS code list (e.g. "EM" e-mail, "0088" GLN, "9930" German VAT number, "0204" Leitweg-ID)` };
  }
  if (value.trim() === '') return { field: 'value', message: 'is required' };
  if (value.length > MAX_ELECTRONIC_ADDRESS_LENGTH) return { field: 'value', message: `must be at most ${MAX_ELECTRONIC_ADDRESS_LENGTH} characters` };
  if (scheme === 'EM' && !EMAIL_LIKE.test(value)) return { field: 'value', message: 'must be an e-mail address for scheme "EM"' };
  return null;
}
