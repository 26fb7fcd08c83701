// A cookie-keeping client over real HTTP (fetch), for tests that talk to running servers.
import assert from 'node:assert/strict';

export class HttpClient {
  readonly cookies = new Map<string, string>();

  private remember(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now());
      if (value === '' || expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return res;
  }

  private get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<{ status: number; body: string; location: string | null }> {
    const res = this.remember(await fetch(url, { headers: { cookie: this.cookieHeader }, redirect: 'manual' }));
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  }

  async post(url: string, form: Record<string, string>): Promise<{ status: number; body: string; location: string | null }> {
    const res = this.remember(
      await fetch(url, {
        method: 'POST',
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      }),
    );
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  }

  /** The CSRF token of the last form page loaded (bound to this client's session). */
  csrf = '';

  /** Loads a form page (which sets the pre-session cookie before sign-in), then posts with its token. */
  async submit(formUrl: string, action: string, form: Record<string, string>) {
    const page = await this.get(formUrl);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(csrf, `${formUrl} has a CSRF field`);
    this.csrf = csrf;
    return this.post(action, { _csrf: csrf, ...form });
  }
}
