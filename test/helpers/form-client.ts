// A cookie-keeping client over app.inject: loads forms, posts them with their CSRF token.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { TestSite } from './site.ts';

let clients = 0;

/** Each client comes from its own address, as separate readers do (limits are per address). */
export class FormClient {
  cookies = new Map<string, string>();
  readonly address: string;
  constructor(
    private readonly site: Pick<TestSite, 'app'>,
    address?: string,
  ) {
    clients += 1;
    this.address = address ?? `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  private get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    const res = this.remember(await this.site.app.inject({ method: 'GET', url, remoteAddress: this.address, headers: { cookie: this.cookieHeader } }));
    // A hidden field, or an upload form's action (`?_csrf=`).
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? /action="[^"]*[?&]_csrf=([^"&]+)"/.exec(res.body)?.[1];
    this.csrf = token ? decodeURIComponent(token) : this.csrf;
    return res;
  }

  /** The CSRF token of the last page with a form (tokens are bound to the session: sign-in changes it). */
  csrf = '';

  /** A form post; URLSearchParams for a field sent more than once (a row of checkboxes). */
  async post(url: string, form: Record<string, string> | URLSearchParams) {
    const payload = (form instanceof URLSearchParams ? form : new URLSearchParams(form)).toString();
    return this.remember(await this.site.app.inject({ method: 'POST', url, remoteAddress: this.address, headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' }, payload }));
  }

  /** A multipart form, as a browser sends a file upload: text fields, then one file. */
  postFile(url: string, fields: Record<string, string>, file: { field: string; name: string; type: string; bytes: Buffer }) {
    return this.postMultipart(url, fields, [file]);
  }

  /** A multipart form with text fields, then files. */
  async postMultipart(url: string, fields: Record<string, string>, files: { field: string; name: string; type: string; bytes: Buffer }[]) {
    const boundary = `----masthead-test-${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    for (const file of files) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.remember(
      await this.site.app.inject({ method: 'POST', url, remoteAddress: this.address, headers: { cookie: this.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) }),
    );
  }

  /** Loads the form page, then posts with its CSRF token. */
  async submit(formUrl: string, action: string, form: Record<string, string>) {
    const page = await this.get(formUrl);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(csrf, `${formUrl} has a CSRF field`);
    return this.post(action, { _csrf: csrf, ...form });
  }

  /** Signs in through the form; the session cookie is kept for later requests. */
  async signIn(email: string, password: string) {
    const res = await this.submit('/account/sign-in', '/account/sign-in', { email, password });
    assert.equal(res.statusCode, 303, `sign-in for ${email}`);
    return res;
  }
}
