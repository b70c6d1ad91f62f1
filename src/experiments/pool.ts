/**
 * A bounded worker pool over an async source: `concurrency` workers each pull the next
 * item as they become free (never the whole source up front), and results come out in
 * completion order. When the consumer is slower than the workers, workers wait, so at
 * most `concurrency` results are held. Aborting stops pulling new items; items in flight
 * see the same signal. A read error is one fatal outcome: no new items are pulled, and the
 * items already in flight still finish and are emitted.
 */
import { DEFAULT_RUN_LIMITS } from "../core/limits";

export type PoolOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown; fatal: boolean };

export interface PoolOptions {
  concurrency: number;
  signal: AbortSignal;
}

/**
 * Upper bound on rows in flight by default (`limits.run.maxConcurrency`). The platform sets
 * none, but one signed request must not be able to start a million workers on a server that
 * also answers everyone else.
 */
export const MAX_CONCURRENCY = DEFAULT_RUN_LIMITS.maxConcurrency;

/** `max(1, floor(n) || 1)` as the platform does (20 when absent), then at most `max`. */
export function normalizeConcurrency(n: number | undefined, max = MAX_CONCURRENCY, fallback = 20): number {
  if (n === undefined) return Math.min(max, fallback);
  return Math.min(max, Math.max(1, Math.floor(n) || 1));
}

export async function* runPool<I, T>(
  source: AsyncIterator<I>,
  work: (item: I, index: number, signal: AbortSignal) => Promise<T>,
  { concurrency, signal }: PoolOptions,
): AsyncGenerator<PoolOutcome<T>> {
  const ready: PoolOutcome<T>[] = [];
  let wakeConsumer: (() => void) | undefined;
  const roomWaiters: Array<() => void> = [];
  let nextIndex = 0;
  let sourceDone = false;
  let stopped = false;

  const notify = () => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const push = async (outcome: PoolOutcome<T>) => {
    while (ready.length >= concurrency && !stopped) await new Promise<void>((r) => roomWaiters.push(r));
    ready.push(outcome);
    notify();
  };

  const worker = async () => {
    while (!sourceDone && !stopped && !signal.aborted) {
      let next: IteratorResult<I>;
      try {
        next = await source.next();
      } catch (error) {
        sourceDone = true; // a read error ends the run: one fatal outcome, no new items (those in flight still finish)
        await push({ ok: false, error, fatal: true });
        return;
      }
      if (next.done) {
        sourceDone = true;
        return;
      }
      const index = nextIndex++;
      try {
        await push({ ok: true, value: await work(next.value, index, signal) });
      } catch (error) {
        if (signal.aborted) return;
        await push({ ok: false, error, fatal: false });
      }
    }
  };

  let running = 0;
  const all = Array.from({ length: concurrency }, () => {
    running++;
    return worker().finally(() => {
      running--;
      notify();
    });
  });

  try {
    for (;;) {
      if (ready.length > 0) {
        const outcome = ready.shift()!;
        roomWaiters.shift()?.();
        yield outcome;
        continue;
      }
      if (running === 0) return;
      await new Promise<void>((r) => (wakeConsumer = r));
    }
  } finally {
    stopped = true;
    for (const wake of roomWaiters.splice(0)) wake();
    await source.return?.();
    await Promise.allSettled(all);
  }
}
