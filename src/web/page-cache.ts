// Rendered pages, and the parts pages are assembled from, kept in memory. An entry is valid
// while its stamp matches the stamp the caller reads from the database (a story's
// modified_at, or the newest change for list pages), so a page is rendered once per change and
// every instance notices changes made by any other. The cache is bounded by bytes, not
// entries: a home page and a 2,000-comment thread differ a hundredfold in size.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { pageHeaders } from './send-page.ts';

export interface CachedPage {
  stamp: string;
  status: number;
  body: Buffer;
  etag: string;
  lastModified: string | null;
  /** Pages are HTML unless they say (feeds, sitemaps). */
  contentType?: string;
  headers: Record<string, string>;
  /** Feeds and sitemaps (large, polled by machines that ask for gzip) are also kept compressed. */
  gzip?: { body: Buffer; headers: Record<string, string> };
}

type PageContent = Omit<CachedPage, 'etag' | 'headers' | 'gzip'>;
export type PageRender = () => Promise<Omit<PageContent, 'stamp'> | null>;

/** A part of pages (a story's article, a thread's comments), sized in bytes by its maker. */
export interface Fragment {
  bytes: number;
}

interface Entry {
  stamp: string;
  value: CachedPage | Fragment;
  bytes: number;
}

/** What an entry's key and bookkeeping cost beside its content. */
const ENTRY_OVERHEAD = 200;

export class PageCache {
  readonly #entries: LRUCache<string, Entry> | null;
  readonly #making = new Map<string, Promise<unknown>>();

  /** `maxBytes` 0 keeps nothing: every request renders (benchmarks, debugging). */
  constructor(maxBytes: number) {
    this.#entries =
      maxBytes > 0 ? new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (entry, key) => entry.bytes + key.length + ENTRY_OVERHEAD }) : null;
  }

  #lookup(key: string, stamp: string): Entry['value'] | undefined {
    const entry = this.#entries?.get(key);
    return entry && entry.stamp === stamp ? entry.value : undefined;
  }

  #keep(key: string, stamp: string, value: Entry['value'], bytes: number): void {
    // An entry larger than the whole cache is refused by lru-cache; the caller still gets it.
    this.#entries?.set(key, { stamp, value, bytes });
  }

  get(key: string, stamp: string): CachedPage | undefined {
    return this.#lookup(`page:${key}`, stamp) as CachedPage | undefined;
  }

  set(key: string, page: PageContent): CachedPage {
    const etag = makeEtag(page.body);
    const entry: CachedPage = { ...page, etag, headers: pageHeaders({ ...page, etag }) };
    if (page.contentType && page.body.length > 1024) {
      // The compressed bytes are another representation: their own strong ETag.
      const gzipEtag = `${etag.slice(0, -1)}-gz"`;
      entry.gzip = { body: gzipSync(page.body), headers: { ...pageHeaders({ ...page, etag: gzipEtag }), 'content-encoding': 'gzip', vary: 'accept-encoding' } };
      entry.headers = { ...entry.headers, vary: 'accept-encoding' };
    }
    this.#keep(`page:${key}`, page.stamp, entry, page.body.length + (entry.gzip?.body.length ?? 0));
    return entry;
  }

  /**
   * One make shared by every caller that misses at the same time: a burst of readers on a
   * just-changed story costs one render, not one each.
   */
  async #shared<T>(key: string, stamp: string, make: () => Promise<T>): Promise<T> {
    const flightKey = `${key}\n${stamp}`;
    const inFlight = this.#making.get(flightKey) as Promise<T> | undefined;
    if (inFlight) return inFlight;
    const making = make();
    this.#making.set(flightKey, making);
    try {
      return await making;
    } finally {
      this.#making.delete(flightKey);
    }
  }

  /** The cached page, or one render shared by every request that misses at the same time. */
  async getOrRender(key: string, stamp: string, render: PageRender): Promise<CachedPage | null> {
    const hit = this.get(key, stamp);
    if (hit) return hit;
    return this.#shared(`page:${key}`, stamp, async () => {
      const page = await render();
      return page ? this.set(key, { stamp, ...page }) : null;
    });
  }

  /**
   * A part of a page under its own stamp: when one part changes (a new comment), the page is
   * rendered again around the parts that did not (the story), which are not read or rendered.
   */
  async fragment<T extends Fragment>(key: string, stamp: string, make: () => Promise<T | null>): Promise<T | null> {
    const full = `fragment:${key}`;
    const hit = this.#lookup(full, stamp) as T | undefined;
    if (hit) return hit;
    return this.#shared(full, stamp, async () => {
      const value = await make();
      if (value) this.#keep(full, stamp, value, value.bytes);
      return value;
    });
  }

  /** A fragment if it is cached under `stamp` (for callers that make their misses in one batch). */
  peekFragment<T extends Fragment>(key: string, stamp: string): T | undefined {
    return this.#lookup(`fragment:${key}`, stamp) as T | undefined;
  }

  keepFragment(key: string, stamp: string, value: Fragment): void {
    this.#keep(`fragment:${key}`, stamp, value, value.bytes);
  }

  clear(): void {
    this.#entries?.clear();
  }

  /** Entries kept (pages and fragments). */
  get size(): number {
    return this.#entries?.size ?? 0;
  }

  /** Bytes the entries take, as counted against the bound. */
  get bytes(): number {
    return this.#entries?.calculatedSize ?? 0;
  }
}

export function makeEtag(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}
