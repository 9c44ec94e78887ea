/**
 * What a CSV import can fill, per type (customers, products, tax rates), and a guess of the
 * field a column header means — in English, German, French and Spanish ("E-Mail", "Land",
 * "Courriel", "Precio") — for the web app's column mapping. Pure: the server checks mappings
 * against the same lists.
 */

export const IMPORT_TYPES = ['customers', 'products', 'tax_rates'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

/** The fields a column can be mapped to; `required` ones must be mapped. */
export const IMPORT_FIELDS: Record<ImportType, { fields: readonly string[]; required: readonly string[] }> = {
  customers: {
    fields: [
      'name',
      'email',
      'phone',
      'tax_id',
      'currency',
      'language',
      'payment_terms_days',
      'notes',
      'address.line1',
      'address.line2',
      'address.postal_code',
      'address.city',
      'address.region',
      'address.country',
      'legal_registration_id',
      'einvoice_format',
    ],
    required: ['name'],
  },
  products: { fields: ['name', 'sku', 'description', 'unit_price', 'unit', 'tax_rate'], required: ['name'] },
  tax_rates: { fields: ['name', 'percentage', 'category', 'exemption_reason', 'exemption_reason_code'], required: ['name', 'percentage'] },
};

/** The field that identifies a duplicate, per type: same e-mail, same SKU, same name. */
export const DUPLICATE_KEY: Record<ImportType, string> = { customers: 'email', products: 'sku', tax_rates: 'name' };

/** Header words per field (compared lower-cased, without spaces, dots, dashes and underscores). */
const SYNONYMS: Record<string, readonly string[]> = {
  name: ['name', 'company', 'companyname', 'customer', 'customername', 'firma', 'firmenname', 'kunde', 'kundenname', 'nom', 'raisonsociale', 'client', 'societe', 'société', 'nombre', 'empresa', 'razonsocial', 'cliente', 'product', 'productname', 'produkt', 'artikel', 'bezeichnung', 'produit', 'designation', 'désignation', 'producto', 'articulo', 'artículo'],
  email: ['email', 'emailaddress', 'mail', 'emailadresse', 'courriel', 'adressemail', 'adresseemail', 'correo', 'correoelectronico', 'correoelectrónico'],
  phone: ['phone', 'telephone', 'phonenumber', 'tel', 'telefon', 'telefonnummer', 'téléphone', 'telefono', 'teléfono', 'mobile', 'handy'],
  tax_id: ['taxid', 'vatid', 'vatnumber', 'vat', 'ustidnr', 'ustid', 'umsatzsteuerid', 'numérodetva', 'numerodetva', 'ndetva', 'n°detva', 'tva', 'nif', 'cif', 'nifcif'],
  currency: ['currency', 'währung', 'waehrung', 'devise', 'monnaie', 'moneda', 'divisa'],
  language: ['language', 'sprache', 'langue', 'idioma'],
  payment_terms_days: ['paymentterms', 'paymenttermsdays', 'terms', 'zahlungsziel', 'zahlungszieltage', 'zahlungsbedingungen', 'délaidepaiement', 'delaidepaiement', 'plazodepago', 'plazodepagodias', 'plazodepagodías'],
  notes: ['notes', 'note', 'comment', 'comments', 'notiz', 'notizen', 'bemerkung', 'anmerkung', 'remarque', 'remarques', 'commentaire', 'notas', 'nota', 'comentario'],
  'address.line1': ['address', 'street', 'addressline1', 'line1', 'straße', 'strasse', 'adresse', 'anschrift', 'rue', 'dirección', 'direccion', 'calle'],
  'address.line2': ['addressline2', 'line2', 'adresszusatz', 'complément', 'complementdadresse', 'complément dadresse'],
  'address.postal_code': ['postalcode', 'zip', 'zipcode', 'postcode', 'plz', 'postleitzahl', 'codepostal', 'cp', 'códigopostal', 'codigopostal'],
  'address.city': ['city', 'town', 'ort', 'stadt', 'ville', 'ciudad', 'localidad', 'población', 'poblacion'],
  'address.region': ['region', 'state', 'province', 'bundesland', 'région', 'provincia', 'estado', 'département', 'departement'],
  'address.country': ['country', 'countrycode', 'land', 'staat', 'pays', 'país', 'pais'],
  legal_registration_id: ['registrationid', 'legalregistrationid', 'handelsregister', 'handelsregisternummer', 'hrb', 'siren', 'siret', 'registromercantil'],
  einvoice_format: ['einvoiceformat', 'erechnungsformat', 'formatfacturx'],
  sku: ['sku', 'itemnumber', 'articlenumber', 'productcode', 'code', 'artikelnummer', 'artikelnr', 'artnr', 'référence', 'reference', 'ref', 'réf', 'referencia', 'codigo', 'código'],
  description: ['description', 'beschreibung', 'descripción', 'descripcion', 'details'],
  unit_price: ['unitprice', 'price', 'netprice', 'einzelpreis', 'preis', 'nettopreis', 'prixunitaire', 'prix', 'prixht', 'preciounitario', 'precio'],
  unit: ['unit', 'einheit', 'mengeneinheit', 'unité', 'unite', 'unidad'],
  tax_rate: ['taxrate', 'vatrate', 'tax', 'steuersatz', 'mwst', 'mwstsatz', 'ust', 'tauxdetva', 'tauxtva', 'tipodeiva', 'iva'],
  percentage: ['percentage', 'percent', 'rate', 'satz', 'prozent', 'prozentsatz', 'taux', 'pourcentage', 'porcentaje', 'tipo'],
  category: ['category', 'kategorie', 'steuerkategorie', 'catégorie', 'categorie', 'categoría', 'categoria'],
  exemption_reason: ['exemptionreason', 'befreiungsgrund', 'motifdexonération', 'motifdexoneration', 'motivodeexención', 'motivodeexencion'],
  exemption_reason_code: ['exemptionreasoncode', 'vatex', 'vatexcode'],
};

function normalize(header: string): string {
  return header.toLowerCase().replace(/[\s._\-'’()/:]/gu, '');
}

/** The field a header most likely means for `type`, or null. */
export function guessImportField(type: ImportType, header: string): string | null {
  const key = normalize(header);
  if (key === '') return null;
  for (const field of IMPORT_FIELDS[type].fields) {
    if (normalize(field) === key || SYNONYMS[field]?.some((word) => normalize(word) === key)) return field;
  }
  return null;
}

/** A guessed mapping for all headers: each field taken once, by the first header that means it. */
export function guessImportMapping(type: ImportType, headers: readonly string[]): Record<string, string | null> {
  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const header of headers) {
    const field = guessImportField(type, header);
    mapping[header] = field !== null && !taken.has(field) ? field : null;
    if (field !== null) taken.add(field);
  }
  return mapping;
}
