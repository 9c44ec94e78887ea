/**
 * Paying from the customer portal, as HTML fragments in the portal's language: the "Payment
 * methods" section (saved cards and SEPA mandates: brand, last 4, expiry, default; "Save a
 * card" and "Remove" for each), the body of the remove confirmation page, and the notices
 * shown after returning from the gateway. Forms carry no fields and no script.
 */
import type { DocumentLanguage } from '../../domain/document-language.ts';
import { escapeHtml as e } from '../../shared/html.ts';
import type { PaymentMethodOut } from '../payment-gateways/saved-methods/payment-methods.schemas.ts';
import { portalButton } from './portal-html.ts';

interface PayWords {
  pay: string;
  payNow: string;
  methods: string;
  lead: string;
  none: string;
  save: string;
  remove: string;
  isDefault: string;
  expires: string;
  sepa: string;
  confirmTitle: string;
  confirmText: string;
  confirm: string;
  keep: string;
  back: string;
  paid: string;
  confirming: string;
  canceled: string;
  saved: string;
  setupCanceled: string;
  removed: string;
}

export const PAY_WORDS: Record<DocumentLanguage, PayWords> = {
  en: {
    pay: 'Pay',
    payNow: 'Pay now',
    methods: 'Payment methods',
    lead: 'Saved cards and SEPA mandates. The card details stay with the payment provider; we only see the last four digits.',
    none: 'No payment method saved.',
    save: 'Save a card',
    remove: 'Remove',
    isDefault: 'Default',
    expires: 'Expires',
    sepa: 'SEPA Direct Debit',
    confirmTitle: 'Remove this payment method?',
    confirmText: 'It will no longer be used for payments. You can save a new one at any time.',
    confirm: 'Yes, remove it',
    keep: 'Keep it',
    back: 'Back to the portal',
    paid: 'Thank you — your payment was received and this invoice is paid.',
    confirming: 'Thank you — your payment is being confirmed.',
    canceled: 'The payment was canceled. Nothing was charged.',
    saved: 'Thank you — your payment method is saved. It shows here as soon as the payment provider confirms it.',
    setupCanceled: 'Saving a payment method was canceled. Nothing was saved.',
    removed: 'The payment method was removed.',
  },
  de: {
    pay: 'Bezahlen',
    payNow: 'Jetzt bezahlen',
    methods: 'Zahlungsmethoden',
    lead: 'Gespeicherte Karten und SEPA-Mandate. Die Kartendaten bleiben beim Zahlungsanbieter; wir sehen nur die letzten vier Ziffern.',
    none: 'Keine Zahlungsmethode gespeichert.',
    save: 'Karte speichern',
    remove: 'Entfernen',
    isDefault: 'Standard',
    expires: 'Gültig bis',
    sepa: 'SEPA-Lastschrift',
    confirmTitle: 'Diese Zahlungsmethode entfernen?',
    confirmText: 'Sie wird nicht mehr für Zahlungen verwendet. Sie können jederzeit eine neue speichern.',
    confirm: 'Ja, entfernen',
    keep: 'Behalten',
    back: 'Zurück zum Portal',
    paid: 'Vielen Dank — Ihre Zahlung ist eingegangen, die Rechnung ist bezahlt.',
    confirming: 'Vielen Dank — Ihre Zahlung wird bestätigt.',
    canceled: 'Die Zahlung wurde abgebrochen. Es wurde nichts belastet.',
    saved: 'Vielen Dank — Ihre Zahlungsmethode ist gespeichert. Sie erscheint hier, sobald der Zahlungsanbieter sie bestätigt.',
    setupCanceled: 'Das Speichern wurde abgebrochen. Es wurde nichts gespeichert.',
    removed: 'Die Zahlungsmethode wurde entfernt.',
  },
  fr: {
    pay: 'Payer',
    payNow: 'Payer maintenant',
    methods: 'Moyens de paiement',
    lead: 'Cartes et mandats SEPA enregistrés. Les données de carte restent chez le prestataire de paiement ; nous ne voyons que les quatre derniers chiffres.',
    none: 'Aucun moyen de paiement enregistré.',
    save: 'Enregistrer une carte',
    remove: 'Supprimer',
    isDefault: 'Par défaut',
    expires: 'Expire',
    sepa: 'Prélèvement SEPA',
    confirmTitle: 'Supprimer ce moyen de paiement ?',
    confirmText: 'Il ne sera plus utilisé pour les paiements. Vous pouvez en enregistrer un nouveau à tout moment.',
    confirm: 'Oui, supprimer',
    keep: 'Conserver',
    back: "Retour à l'espace client",
    paid: 'Merci — votre paiement a été reçu et cette facture est payée.',
    confirming: 'Merci — votre paiement est en cours de confirmation.',
    canceled: "Le paiement a été annulé. Rien n'a été débité.",
    saved: 'Merci — votre moyen de paiement est enregistré. Il apparaît ici dès que le prestataire de paiement le confirme.',
    setupCanceled: "L'enregistrement a été annulé. Rien n'a été enregistré.",
    removed: 'Le moyen de paiement a été supprimé.',
  },
  es: {
    pay: 'Pagar',
    payNow: 'Pagar ahora',
    methods: 'Métodos de pago',
    lead: 'Tarjetas y mandatos SEPA guardados. Los datos de la tarjeta quedan en el proveedor de pagos; solo vemos los cuatro últimos dígitos.',
    none: 'Ningún método de pago guardado.',
    save: 'Guardar una tarjeta',
    remove: 'Eliminar',
    isDefault: 'Predeterminado',
    expires: 'Caduca',
    sepa: 'Adeudo directo SEPA',
    confirmTitle: '¿Eliminar este método de pago?',
    confirmText: 'Ya no se usará para pagos. Puede guardar uno nuevo en cualquier momento.',
    confirm: 'Sí, eliminar',
    keep: 'Conservar',
    back: 'Volver al portal',
    paid: 'Gracias — hemos recibido su pago y esta factura está pagada.',
    confirming: 'Gracias — su pago se está confirmando.',
    canceled: 'El pago se canceló. No se ha cobrado nada.',
    saved: 'Gracias — su método de pago está guardado. Aparece aquí en cuanto el proveedor de pagos lo confirma.',
    setupCanceled: 'Se canceló el guardado. No se ha guardado nada.',
    removed: 'El método de pago se ha eliminado.',
  },
};

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', diners: 'Diners Club', jcb: 'JCB', unionpay: 'UnionPay', cartes_bancaires: 'Cartes Bancaires' };

/** "Visa •••• 4242", "SEPA Direct Debit •••• 3000". */
export function methodName(method: PaymentMethodOut, language: DocumentLanguage): string {
  const w = PAY_WORDS[language];
  const name = method.type === 'sepa_debit' ? w.sepa : method.brand === null ? method.type : (BRANDS[method.brand] ?? method.brand);
  return method.last4 === null ? name : `${name} •••• ${method.last4}`;
}

function expiry(method: PaymentMethodOut): string | null {
  if (method.exp_month === null || method.exp_year === null) return null;
  return `${String(method.exp_month).padStart(2, '0')}/${method.exp_year}`;
}

/** The "Payment methods" section of the portal page. */
export function paymentMethodsSection(language: DocumentLanguage, base: string, methods: PaymentMethodOut[]): string {
  const w = PAY_WORDS[language];
  const rows = methods.map((m) => {
    const exp = expiry(m);
    return `<li class="method" data-method-id="${e(m.id)}"><div class="main"><span class="num">${e(methodName(m, language))}</span>${m.is_default ? `<span class="badge paid">${e(w.isDefault)}</span>` : ''}${exp === null ? '' : `<div class="sub">${e(w.expires)} ${e(exp)}</div>`}</div><div class="actions">${portalButton({ label: w.remove, href: `${base}/payment-methods/${m.id}/remove` })}</div></li>`;
  });
  const list = rows.length === 0 ? `<p class="empty">${e(w.none)}</p>` : `<ul>${rows.join('\n')}</ul>`;
  return `<section id="payment-methods"><h2>${e(w.methods)}</h2><p class="lead">${e(w.lead)}</p>${list}<ul><li><div class="actions">${portalButton({ label: w.save, href: `${base}/payment-methods/setup`, post: true, primary: true })}</div></li></ul></section>`;
}

/** The body of the "Remove this payment method?" page: the method, a POST button, and a way back. */
export function removeConfirmBody(language: DocumentLanguage, base: string, method: PaymentMethodOut): string {
  const w = PAY_WORDS[language];
  const exp = expiry(method);
  return `<ul><li class="method"><div class="main"><span class="num">${e(methodName(method, language))}</span>${exp === null ? '' : `<div class="sub">${e(w.expires)} ${e(exp)}</div>`}<div class="sub">${e(w.confirmText)}</div></div><div class="actions">${portalButton({ label: w.keep, href: base })}${portalButton({ label: w.confirm, href: `${base}/payment-methods/${method.id}/remove`, post: true, primary: true })}</div></li></ul>`;
}
