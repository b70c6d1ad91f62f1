/**
 * A parse cache bounded by an estimate of the memory it holds, not by its number of
 * entries: a few large sources cannot pin hundreds of MiB. Oldest entries go first (FIFO
 * keeps a hit to one Map lookup); an entry larger than a quarter of the budget is not kept.
 */
export class ByteBoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private held = 0;

  /** `bytesPerChar`: measured size of the parsed form per character of source, plus the key. */
  constructor(
    readonly maxBytes: number,
    private readonly bytesPerChar: number,
  ) {}

  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V): void {
    const bytes = 64 + key.length * this.bytesPerChar;
    if (bytes > this.maxBytes / 4 || this.entries.has(key)) return;
    this.held += bytes;
    this.entries.set(key, { value, bytes });
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }

  /** Estimated bytes held, for tests and benches. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}
