/** Sending a CSV import (multipart/form-data) the way a browser does. */
import type { Client, HttpResponse } from './http.ts';

export interface ImportForm {
  file: string | Buffer;
  type: 'customers' | 'products' | 'tax_rates';
  mapping: Record<string, string | null> | string;
  fileName?: string;
  decimal_separator?: string;
  dry_run?: boolean;
  on_duplicate?: string;
  delimiter?: string;
  /** Further form fields, sent as they are. */
  extra?: Record<string, string>;
}

export async function postImport(client: Client, form: ImportForm, headers: Record<string, string> = {}): Promise<HttpResponse> {
  const data = new FormData();
  data.append('type', form.type);
  data.append('mapping', typeof form.mapping === 'string' ? form.mapping : JSON.stringify(form.mapping));
  if (form.decimal_separator !== undefined) data.append('decimal_separator', form.decimal_separator);
  if (form.dry_run !== undefined) data.append('dry_run', String(form.dry_run));
  if (form.on_duplicate !== undefined) data.append('on_duplicate', form.on_duplicate);
  if (form.delimiter !== undefined) data.append('delimiter', form.delimiter);
  for (const [name, value] of Object.entries(form.extra ?? {})) data.append(name, value);
  const bytes = typeof form.file === 'string' ? Buffer.from(form.file, 'utf8') : form.file;
  data.append('file', new Blob([new Uint8Array(bytes)], { type: 'text/csv' }), form.fileName ?? 'import.csv');
  const all: Record<string, string> = { ...headers };
  if (client.cookie) all.cookie = client.cookie;
  if (client.token) all.authorization = `Bearer ${client.token}`;
  const response = await fetch(`${client.baseUrl}/api/v1/imports`, { method: 'POST', body: data, headers: all });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body, text };
}
