import { describe, expect, it } from "vitest";
import { normalizeConcurrency, runPool, type PoolOutcome } from "../../src/experiments/pool";

async function* numbers(n: number, pulled: number[] = []) {
  for (let i = 0; i < n; i++) {
    pulled.push(i);
    yield i;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect<T>(it: AsyncIterable<PoolOutcome<T>>) {
  const out: PoolOutcome<T>[] = [];
  for await (const o of it) out.push(o);
  return out;
}

describe("runPool", () => {
  it("processes each item once, with contiguous indices", async () => {
    const seen: Array<[number, number]> = [];
    const out = await collect(
      runPool(numbers(50)[Symbol.asyncIterator](), async (item, index) => {
        seen.push([item, index]);
        await sleep(item % 3);
        return item * 2;
      }, { concurrency: 7, signal: new AbortController().signal }),
    );
    expect(out).toHaveLength(50);
    expect(out.map((o) => (o.ok ? o.value : -1)).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    expect(seen.map(([, index]) => index).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("runs up to `concurrency` items at once, never more", async () => {
    let inFlight = 0;
    let max = 0;
    await collect(
      runPool(numbers(30)[Symbol.asyncIterator](), async () => {
        max = Math.max(max, ++inFlight);
        await sleep(5);
        inFlight--;
      }, { concurrency: 5, signal: new AbortController().signal }),
    );
    expect(max).toBe(5);
  });

  it("emits in completion order, not read order", async () => {
    const delays = [40, 5, 20, 1];
    const out = await collect(
      runPool(numbers(4)[Symbol.asyncIterator](), async (item) => {
        await sleep(delays[item]!);
        return item;
      }, { concurrency: 4, signal: new AbortController().signal }),
    );
    expect(out.map((o) => (o.ok ? o.value : -1))).toEqual([3, 1, 2, 0]);
  });

  it("with concurrency 1 keeps dataset order", async () => {
    const out = await collect(
      runPool(numbers(5)[Symbol.asyncIterator](), async (item) => {
        await sleep(5 - item);
        return item;
      }, { concurrency: 1, signal: new AbortController().signal }),
    );
    expect(out.map((o) => (o.ok ? o.value : -1))).toEqual([0, 1, 2, 3, 4]);
  });

  it("pulls items as workers free up, not the whole source up front", async () => {
    const pulled: number[] = [];
    const iterator = runPool(numbers(1000, pulled)[Symbol.asyncIterator](), async (item) => item, {
      concurrency: 3,
      signal: new AbortController().signal,
    });
    await iterator.next();
    expect(pulled.length).toBeLessThan(20);
    await iterator.return(undefined);
  });

  it("a failing item is an outcome and the others go on", async () => {
    const out = await collect(
      runPool(numbers(5)[Symbol.asyncIterator](), async (item) => {
        if (item === 2) throw new Error("row 2 failed");
        return item;
      }, { concurrency: 2, signal: new AbortController().signal }),
    );
    expect(out.filter((o) => o.ok)).toHaveLength(4);
    expect(out.find((o) => !o.ok)).toMatchObject({ ok: false, fatal: false, error: new Error("row 2 failed") });
  });

  it("a read error ends the run with one fatal outcome", async () => {
    async function* broken() {
      yield 1;
      yield 2;
      throw new Error("bad line 3");
    }
    const out = await collect(runPool(broken()[Symbol.asyncIterator](), async (item) => item, { concurrency: 1, signal: new AbortController().signal }));
    expect(out.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual([1, 2, "bad line 3"]);
    expect(out.at(-1)).toMatchObject({ ok: false, fatal: true });
  });

  it("after a read error, items already in flight still finish and are emitted; nothing new is pulled", async () => {
    let pulled = 0;
    async function* slowThenBroken() {
      pulled++;
      yield 1; // in flight while the next read fails
      pulled++;
      throw new Error("bad line 2");
    }
    const out = await collect(
      runPool(slowThenBroken()[Symbol.asyncIterator](), async (item) => {
        await sleep(30);
        return item;
      }, { concurrency: 2, signal: new AbortController().signal }),
    );
    expect(out.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual(["bad line 2", 1]);
    expect(pulled).toBe(2);
  });

  it("stops pulling new items once aborted", async () => {
    const controller = new AbortController();
    const pulled: number[] = [];
    const out = await collect(
      runPool(numbers(100, pulled)[Symbol.asyncIterator](), async (item) => {
        if (item === 0) controller.abort();
        return item;
      }, { concurrency: 1, signal: controller.signal }),
    );
    expect(out).toHaveLength(1);
    expect(pulled).toEqual([0]);
  });

  it("normalises concurrency like the platform", () => {
    expect(normalizeConcurrency(undefined)).toBe(20);
    expect(normalizeConcurrency(0)).toBe(1);
    expect(normalizeConcurrency(-3)).toBe(1);
    expect(normalizeConcurrency(2.9)).toBe(2);
    expect(normalizeConcurrency(Number.NaN)).toBe(1);
    expect(normalizeConcurrency(500)).toBe(100); // capped: MAX_CONCURRENCY
    expect(normalizeConcurrency(1e300)).toBe(100);
  });
});
