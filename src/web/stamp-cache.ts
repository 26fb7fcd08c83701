// Remembers the stamps that decide whether a cached page is current, for a short time.
// Without it every request asks the database "has this story changed?"; with it, a page is
// at most `ttlMs` old on any instance (CDNs already keep pages for a minute), and a burst of
// requests for one page shares a single lookup. Stamps are a few dozen bytes each, so the
// bound is a count of entries (10,000: under a megabyte).
import { LRUCache } from 'lru-cache';

export class StampCache<T> {
  // Boxed: a stamp may be null (no story has the slug), which lru-cache cannot hold as a value.
  readonly #entries: LRUCache<string, { value: T }> | null;
  readonly #pending = new Map<string, Promise<T>>();

  constructor(ttlMs: number, capacity = 10_000, now: () => number = () => performance.now()) {
    this.#entries = ttlMs > 0 ? new LRUCache<string, { value: T }>({ max: capacity, ttl: ttlMs, perf: { now }, ttlResolution: 0 }) : null;
  }

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const entries = this.#entries;
    if (!entries) return load();
    const entry = entries.get(key);
    if (entry) return entry.value;
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const promise = load();
    this.#pending.set(key, promise);
    try {
      const value = await promise;
      entries.set(key, { value });
      return value;
    } finally {
      this.#pending.delete(key);
    }
  }

  /** Forgets one key: the next request for it asks the database. */
  forget(key: string): void {
    this.#entries?.delete(key);
  }

  /** Forgets everything, so the next request asks the database (after a local write). */
  clear(): void {
    this.#entries?.clear();
  }
}
