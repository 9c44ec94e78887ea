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
