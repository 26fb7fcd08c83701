// HTTP(S) GET for wire feeds and pictures: a time limit, a size limit, a few redirects, and no
// requests to private, loopback or link-local addresses unless the source is configured local.
// The address is checked at connect time (the lookup below), so DNS cannot swap it afterwards.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export class FetchRefused extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'FetchRefused';
  }
}

export interface FetchOptions {
  /** The longest the server may stay silent (ms). */
  timeoutMs?: number;
  /**
   * The longest the whole fetch may take, redirects and body included (ms): a server that
   * sends a byte every few seconds is never idle, but is cut off here. 60 s by default.
   */
  deadlineMs?: number;
  maxBytes: number;
  /** Allow private, loopback and link-local addresses (a source on the station's own network). */
  allowPrivate?: boolean;
  headers?: Record<string, string>;
  maxRedirects?: number;
  /** GET unless said; a POST sends `body` and follows no redirect. */
  method?: 'GET' | 'POST';
  body?: string;
}

export interface FetchResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  url: string;
}

const PRIVATE = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  PRIVATE.addSubnet(address, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
}

function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as dns.LookupAddress[];
      const usable = allowPrivate ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (usable.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves only to private or loopback addresses`), { code: 'EPRIVATE' }), '', 4);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
      const first = usable[0]!;
      callback(null, first.address, first.family);
    });
  };
}

function once(url: URL, options: FetchOptions, deadline: number): Promise<FetchResult> {
  return new Promise((resolve, reject) => {
    if (!options.allowPrivate && net.isIP(url.hostname.replace(/^\[|\]$/g, '')) && isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))) {
      reject(new FetchRefused(`${url.hostname} is a private or loopback address`));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: { 'user-agent': 'Masthead/0.1 (+wire ingest)', accept: '*/*', ...options.headers },
        lookup: guardedLookup(options.allowPrivate ?? false),
        timeout: options.timeoutMs ?? 15_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const declared = Number(response.headers['content-length'] ?? 0);
        if (declared > options.maxBytes) {
          response.destroy();
          reject(new FetchRefused(`the response is ${declared} bytes; the limit is ${options.maxBytes}`));
          return;
        }
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            response.destroy();
            reject(new FetchRefused(`the response is larger than the limit of ${options.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url: url.toString() }));
        response.on('error', reject);
      },
    );
    request.end(options.body);
    request.on('timeout', () => request.destroy(new FetchRefused(`no answer from ${url.host} within ${options.timeoutMs ?? 15_000} ms`)));
    const overall = setTimeout(() => {
      const error = new FetchRefused(`${url.host} did not finish answering within ${options.deadlineMs ?? DEFAULT_DEADLINE_MS} ms`);
      request.destroy(error);
      reject(error);
    }, Math.max(0, deadline - Date.now()));
    overall.unref();
    request.on('close', () => clearTimeout(overall));
    request.on('error', (error: NodeJS.ErrnoException) => {
      reject(error instanceof FetchRefused ? error : new FetchRefused(`${url.host}: ${error.code === 'EPRIVATE' ? error.message : error.message || error.code}`));
    });
  });
}

const DEFAULT_DEADLINE_MS = 60_000;
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);

function withoutCredentials(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIALS.has(name.toLowerCase())));
}

/** GET with redirects (each hop checked again); refuses non-http(s) URLs. */
export async function safeFetch(rawUrl: string, options: FetchOptions): Promise<FetchResult> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new FetchRefused(`not a URL: ${rawUrl}`);
  }
  const deadline = Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  let hopOptions = options;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefused(`only http and https URLs are fetched, not ${url.protocol}`);
    const result = await once(url, hopOptions, deadline);
    const location = result.headers.location;
    if (result.status >= 300 && result.status < 400 && result.status !== 304 && location) {
      if (options.method === 'POST') throw new FetchRefused(`${rawUrl} answered with a redirect, which a POST does not follow`);
      if (hop >= (options.maxRedirects ?? 3)) throw new FetchRefused(`too many redirects from ${rawUrl}`);
      const next = new URL(location, url);
      // A source's credentials are for its own origin: a redirect elsewhere goes without them,
      // as the Fetch standard does (security review #10.22).
      if (next.origin !== url.origin) hopOptions = { ...hopOptions, headers: withoutCredentials(hopOptions.headers) };
      url = next;
      continue;
    }
    return result;
  }
}

/** A picture fetcher for the ingest pipeline: images only, within the size limit. */
export function httpPictureFetcher(options: { allowPrivate: boolean; maxBytes: number }): (href: string) => Promise<Buffer> {
  return async (href) => {
    const result = await safeFetch(href, { maxBytes: options.maxBytes, allowPrivate: options.allowPrivate, headers: { accept: 'image/*' } });
    if (result.status !== 200) throw new FetchRefused(`${href} answered ${result.status}`, result.status);
    const type = String(result.headers['content-type'] ?? '');
    if (!type.startsWith('image/')) throw new FetchRefused(`${href} is ${type || 'of no stated type'}, not an image`);
    return result.body;
  };
}
