/**
 * Work that must finish after the response is sent (alert delivery, telemetry export).
 * Workers: the request's `ExecutionContext.waitUntil`. Elsewhere the server process lives
 * on, so the promise only needs to be kept referenced and its failure contained.
 */
export type WaitUntil = (work: Promise<unknown>) => void;

type ContextLike = { executionCtx: { waitUntil(p: Promise<unknown>): void } };

const pending = new Set<Promise<unknown>>();

function keepAlive(work: Promise<unknown>): void {
  const tracked = work.catch(() => undefined).finally(() => pending.delete(tracked));
  pending.add(tracked);
}

export function waitUntilFor(c: ContextLike): WaitUntil {
  let ctx: ContextLike["executionCtx"] | undefined;
  try {
    ctx = c.executionCtx; // Hono throws when the runtime gave no ExecutionContext
  } catch {
    ctx = undefined;
  }
  if (ctx && typeof ctx.waitUntil === "function") {
    const bound = ctx;
    return (work) => bound.waitUntil(work.catch(() => undefined));
  }
  return keepAlive;
}

/** Settles when all background work started without an ExecutionContext is done (tests, graceful shutdown). */
export async function drainBackgroundWork(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
