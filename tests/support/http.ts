/**
 * A tiny HTTP client with a cookie jar, for integration tests against the running app: it
 * submits forms as a browser without JavaScript would (same-origin, urlencoded, no redirects
 * followed unless asked).
 */
export class HttpClient {
  cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(new URL(path, this.baseUrl), { headers: { cookie: this.cookieHeader(), ...headers }, redirect: "manual" });
    this.remember(response);
    return response;
  }

  async post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    const response = await fetch(new URL(path, this.baseUrl), {
      method: "POST",
      headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded", origin: this.baseUrl, ...headers },
      body,
      redirect: "manual",
    });
    this.remember(response);
    return response;
  }

  /** Follows redirects (as a browser would) and returns the final response. */
  async follow(response: Response): Promise<Response> {
    let current = response;
    for (let hops = 0; hops < 10 && current.status >= 300 && current.status < 400; hops++) {
      current = await this.get(current.headers.get("location")!);
    }
    return current;
  }
}
