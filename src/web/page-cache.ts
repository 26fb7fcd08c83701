// Rendered pages kept as bytes. An entry is valid while its stamp matches the stamp the caller
// reads from the database (a story's modified_at, or the newest change for list pages), so a
// page is rendered once per change and every instance notices changes made by any other.
import { createHash } from 'node:crypto';

export interface CachedPage {
  stamp: string;
  status: number;
  body: Buffer;
  etag: string;
  lastModified: string | null;
}

export class PageCache {
  readonly #entries = new Map<string, CachedPage>();
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

  set(key: string, page: Omit<CachedPage, 'etag'>): CachedPage {
    const entry: CachedPage = { ...page, etag: makeEtag(page.body) };
    if (this.#capacity === 0) return entry;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return entry;
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
