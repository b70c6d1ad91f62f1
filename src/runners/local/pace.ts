/**
 * Waits between tokens for the `local/slow` model (to watch streaming and disconnects),
 * and stops at once when the run is aborted. Without a delay there is nothing to wait for:
 * `undefined` (an `await` of it would still cost every token a turn of the microtask queue),
 * so callers write `const wait = pause(…); if (wait) await wait;`. Throws if already aborted.
 */
export function pause(ms: number, signal: AbortSignal): Promise<void> | undefined {
  if (signal.aborted) throw signal.reason;
  if (ms <= 0) return undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Milliseconds between tokens for a local model name: `local/slow` → 25 ms, `local/slow-<n>` → n ms, others → 0. */
export function tokenDelayMs(modelName: string): number {
  const match = /^local\/slow(?:-(\d{1,5}))?$/.exec(modelName);
  if (!match) return 0;
  return match[1] === undefined ? 25 : Number(match[1]);
}
