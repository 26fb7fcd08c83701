// Remembers the stamps that decide whether a cached page is current, for a short time.
// Without it every request asks the database "has this story changed?"; with it, a page is
// at most `ttlMs` old on any instance (CDNs already keep pages for a minute), and a burst of
// requests for one page shares a single lookup.
export class StampCache<T> {
  readonly #entries = new Map<string, { value: T; at: number }>();
  readonly #pending = new Map<string, Promise<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async get(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs > 0) {
      const entry = this.#entries.get(key);
      if (entry && this.now() - entry.at < this.ttlMs) return entry.value;
      const pending = this.#pending.get(key);
      if (pending) return pending;
    }
    const promise = load();
    if (this.ttlMs <= 0) return promise;
    this.#pending.set(key, promise);
    try {
      const value = await promise;
      this.#remember(key, value);
      return value;
    } finally {
      this.#pending.delete(key);
    }
  }

  #remember(key: string, value: T): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, at: this.now() });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Forgets one key: the next request for it asks the database. */
  forget(key: string): void {
    this.#entries.delete(key);
  }

  /** Forgets everything, so the next request asks the database (after a local write). */
  clear(): void {
    this.#entries.clear();
  }
}
