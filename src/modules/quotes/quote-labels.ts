/** The words of a quote as the customer reads it (page, PDF, e-mail), in the document languages. */
import type { DocumentLanguage } from '../../domain/document-language.ts';

export interface QuoteLabels {
  title: string;
  number: string;
  issueDate: string;
  expiryDate: string;
  /** Above the customer's address (where an invoice says "Bill to"). */
  customer: string;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  subtotal: string;
  tax: string;
  total: string;
  yourName: string;
  accept: string;
  reason: string;
  decline: string;
  acceptedBy: (name: string, date: string) => string;
  declined: string;
  expired: (date: string) => string;
  invoiced: string;
  download: string;
  emailSubject: (number: string, seller: string) => string;
  emailBody: (customer: string, number: string, total: string, expiry: string, url: string, seller: string) => string;
}

export const QUOTE_LABELS: Record<DocumentLanguage, QuoteLabels> = {
  en: {
    title: 'Quote',
    number: 'Quote number',
    issueDate: 'Date',
    expiryDate: 'Valid until',
    customer: 'Quote for',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    amount: 'Amount',
    subtotal: 'Subtotal',
    tax: 'Tax',
    total: 'Total',
    yourName: 'Your name',
    accept: 'Accept',
    reason: 'Reason (optional)',
    decline: 'Decline',
    acceptedBy: (name, date) => `Accepted by ${name} on ${date}.`,
    declined: 'This quote was declined.',
    expired: (date) => `This quote expired on ${date}.`,
    invoiced: 'This quote was accepted and invoiced.',
    download: 'Download PDF',
    emailSubject: (number, seller) => `Quote ${number} from ${seller}`,
    emailBody: (customer, number, total, expiry, url, seller) =>
      `Hello ${customer},\n\nplease find our quote ${number} for ${total}, valid until ${expiry}.\nYou can view it and accept or decline it online:\n${url}\n\nKind regards\n${seller}`,
  },
  de: {
    title: 'Angebot',
    number: 'Angebotsnummer',
    issueDate: 'Datum',
    expiryDate: 'Gültig bis',
    customer: 'Angebot für',
    description: 'Beschreibung',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    amount: 'Betrag',
    subtotal: 'Zwischensumme',
    tax: 'USt.',
    total: 'Gesamt',
    yourName: 'Ihr Name',
    accept: 'Annehmen',
    reason: 'Grund (optional)',
    decline: 'Ablehnen',
    acceptedBy: (name, date) => `Angenommen von ${name} am ${date}.`,
    declined: 'Dieses Angebot wurde abgelehnt.',
    expired: (date) => `Dieses Angebot ist am ${date} abgelaufen.`,
    invoiced: 'Dieses Angebot wurde angenommen und in Rechnung gestellt.',
    download: 'PDF herunterladen',
    emailSubject: (number, seller) => `Angebot ${number} von ${seller}`,
    emailBody: (customer, number, total, expiry, url, seller) =>
      `Guten Tag ${customer},\n\nanbei unser Angebot ${number} über ${total}, gültig bis ${expiry}.\nSie können es online ansehen und annehmen oder ablehnen:\n${url}\n\nMit freundlichen Grüßen\n${seller}`,
  },
  fr: {
    title: 'Devis',
    number: 'Numéro de devis',
    issueDate: 'Date',
    expiryDate: 'Valable jusqu’au',
    customer: 'Devis pour',
    description: 'Description',
    quantity: 'Qté',
    unitPrice: 'Prix unitaire',
    amount: 'Montant',
    subtotal: 'Sous-total',
    tax: 'TVA',
    total: 'Total',
    yourName: 'Votre nom',
    accept: 'Accepter',
    reason: 'Motif (facultatif)',
    decline: 'Refuser',
    acceptedBy: (name, date) => `Accepté par ${name} le ${date}.`,
    declined: 'Ce devis a été refusé.',
    expired: (date) => `Ce devis a expiré le ${date}.`,
    invoiced: 'Ce devis a été accepté et facturé.',
    download: 'Télécharger le PDF',
    emailSubject: (number, seller) => `Devis ${number} de ${seller}`,
    emailBody: (customer, number, total, expiry, url, seller) =>
      `Bonjour ${customer},\n\nveuillez trouver notre devis ${number} d’un montant de ${total}, valable jusqu’au ${expiry}.\nVous pouvez le consulter et l’accepter ou le refuser en ligne :\n${url}\n\nCordialement\n${seller}`,
  },
  es: {
    title: 'Presupuesto',
    number: 'Número de presupuesto',
    issueDate: 'Fecha',
    expiryDate: 'Válido hasta',
    customer: 'Presupuesto para',
    description: 'Descripción',
    quantity: 'Cant.',
    unitPrice: 'Precio unitario',
    amount: 'Importe',
    subtotal: 'Subtotal',
    tax: 'IVA',
    total: 'Total',
    yourName: 'Su nombre',
    accept: 'Aceptar',
    reason: 'Motivo (opcional)',
    decline: 'Rechazar',
    acceptedBy: (name, date) => `Aceptado por ${name} el ${date}.`,
    declined: 'Este presupuesto fue rechazado.',
    expired: (date) => `Este presupuesto venció el ${date}.`,
    invoiced: 'Este presupuesto fue aceptado y facturado.',
    download: 'Descargar PDF',
    emailSubject: (number, seller) => `Presupuesto ${number} de ${seller}`,
    emailBody: (customer, number, total, expiry, url, seller) =>
      `Hola ${customer}:\n\nle enviamos nuestro presupuesto ${number} por ${total}, válido hasta ${expiry}.\nPuede verlo y aceptarlo o rechazarlo en línea:\n${url}\n\nAtentamente\n${seller}`,
  },
};

export function quoteLabels(locale: string): QuoteLabels {
  const primary = locale.split('-')[0]?.toLowerCase() ?? 'en';
  return primary in QUOTE_LABELS ? QUOTE_LABELS[primary as DocumentLanguage] : QUOTE_LABELS.en;
}
