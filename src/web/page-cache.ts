// Rendered pages kept as bytes. An entry is valid while its stamp matches the stamp the caller
// reads from the database (a story's modified_at, or the newest change for list pages), so a
// page is rendered once per change and every instance notices changes made by any other.
import { createHash } from 'node:crypto';
import { pageHeaders } from './send-page.ts';

export interface CachedPage {
  stamp: string;
  status: number;
  body: Buffer;
  etag: string;
  lastModified: string | null;
  headers: Record<string, string>;
}

type PageContent = Omit<CachedPage, 'etag' | 'headers'>;
export type PageRender = () => Promise<Omit<PageContent, 'stamp'> | null>;

export class PageCache {
  readonly #entries = new Map<string, CachedPage>();
  readonly #rendering = new Map<string, Promise<CachedPage | null>>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string, stamp: string): CachedPage | undefined {
    const entry = this.#entries.get(key);
    if (!entry || entry.stamp !== stamp) return undefined;
    // Map order is insertion order: re-inserting marks the entry as recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, page: PageContent): CachedPage {
    const etag = makeEtag(page.body);
    const entry: CachedPage = { ...page, etag, headers: pageHeaders({ ...page, etag }) };
    if (this.#capacity === 0) return entry;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return entry;
  }

  /**
   * The cached page, or one render shared by every request that misses at the same time: a
   * burst of readers on a just-changed story costs one render, not one each.
   */
  async getOrRender(key: string, stamp: string, render: PageRender): Promise<CachedPage | null> {
    const hit = this.get(key, stamp);
    if (hit) return hit;
    const flightKey = `${key}\n${stamp}`;
    const inFlight = this.#rendering.get(flightKey);
    if (inFlight) return inFlight;
    const rendering = (async () => {
      const page = await render();
      return page ? this.set(key, { stamp, ...page }) : null;
    })();
    this.#rendering.set(flightKey, rendering);
    try {
      return await rendering;
    } finally {
      this.#rendering.delete(flightKey);
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

export function makeEtag(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}
