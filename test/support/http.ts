/**
 * A tiny HTTP client for tests, over the real network stack (fetch). It keeps the session
 * cookie like a browser would, or sends a bearer token like an integration would.
 */
export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class Client {
  cookie: string | null = null;
  token: string | null = null;

  constructor(readonly baseUrl: string) {}

  withToken(token: string): Client {
    const client = new Client(this.baseUrl);
    client.token = token;
    return client;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse<T>> {
    const allHeaders: Record<string, string> = { ...headers };
    if (body !== undefined && typeof body !== 'string') allHeaders['content-type'] ??= 'application/json';
    if (typeof body === 'string') allHeaders['content-type'] ??= 'application/json';
    if (this.cookie) allHeaders.cookie = this.cookie;
    if (this.token) allHeaders.authorization = `Bearer ${this.token}`;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: allHeaders,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const match = /settle_session=([^;]*)/.exec(setCookie);
      if (match) this.cookie = match[1] ? `settle_session=${match[1]}` : null;
    }
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }
}

/**
 * One request with a Host header of the caller's choosing (fetch always sends the real
 * one), for tests that a hostile Host changes nothing. Over node:http, no redirects.
 */
export async function requestWithHost<T = any>(
  client: Client,
  method: string,
  path: string,
  host: string,
  body?: unknown,
): Promise<HttpResponse<T>> {
  const { request } = await import('node:http');
  const url = new URL(client.baseUrl + path);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { host };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (client.cookie) headers.cookie = client.cookie;
  if (client.token) headers.authorization = `Bearer ${client.token}`;
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: any = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: keep the text
        }
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parsed as T, text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
