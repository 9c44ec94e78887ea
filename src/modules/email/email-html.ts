/**
 * The HTML alternative of an e-mail, made from its text: every character of the text is
 * escaped (a customer called <script> stays text), paragraphs and line breaks are kept,
 * and the invoice's link — only that one, which we made ourselves — becomes a link.
 */
import { escapeHtml } from '../../shared/html.ts';

export function emailHtml(text: string, link: string | null): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
  const linkHtml = link === null ? null : escapeHtml(link);
  const body = paragraphs
    .map((paragraph) => {
      let html = escapeHtml(paragraph).replace(/\n/g, '<br>\n');
      if (linkHtml !== null && linkHtml !== '') html = html.split(linkHtml).join(`<a href="${linkHtml}">${linkHtml}</a>`);
      return `<p style="margin:0 0 1em">${html}</p>`;
    })
    .join('\n');
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>',
    '<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#222">',
    body,
    '</body></html>',
  ].join('\n');
}
