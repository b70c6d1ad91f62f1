/**
 * Work that must finish after the response is sent (alert delivery, telemetry export).
 * - Workers: the request's `ExecutionContext.waitUntil`.
 * - Vercel (Node and Edge): the `context.waitUntil` the function receives, which
 *   `runtimes/vercel/api/index.ts` passes on as the ExecutionContext; failing that, the
 *   request context Vercel publishes at `globalThis[Symbol.for("@vercel/request-context")]`
 *   (what `waitUntil` from `@vercel/functions` reads, without the dependency).
 * - Deno, Bun, Node: the server process lives on, so the promise only needs to be kept
 *   referenced and its failure contained.
 */
import { ON_WORKERS } from "./platform";

export type WaitUntil = (work: Promise<unknown>) => void;

type ContextLike = { executionCtx: { waitUntil(p: Promise<unknown>): void } };

const pending = new Set<Promise<unknown>>();

function keepAlive(work: Promise<unknown>): void {
  const tracked = work.catch(() => undefined).finally(() => pending.delete(tracked));
  pending.add(tracked);
}

/**
 * The ExecutionContext given to the app when the runtime passed none (Node, Bun, Deno):
 * background work lives on in the process. Handing Hono this instead of nothing keeps
 * `c.executionCtx` from throwing (an exception per request is costly on a hot path).
 */
export const PROCESS_CONTEXT = {
  waitUntil: (work: Promise<unknown>) => keepAlive(work),
  passThroughOnException: () => {},
  props: {},
};

export function waitUntilFor(c: ContextLike): WaitUntil {
  let ctx: ContextLike["executionCtx"] | undefined;
  try {
    ctx = c.executionCtx; // Hono throws when the runtime gave no ExecutionContext
  } catch {
    ctx = undefined;
  }
  if (ctx === PROCESS_CONTEXT) ctx = undefined;
  if (ctx && typeof ctx.waitUntil === "function") {
    const bound = ctx;
    return (work) => bound.waitUntil(work.catch(() => undefined));
  }
  const vercel = vercelWaitUntil();
  if (vercel) return (work) => vercel(work.catch(() => undefined));
  return keepAlive;
}

type VercelRequestContext = { get?: () => { waitUntil?: (p: Promise<unknown>) => void } | undefined };

function vercelWaitUntil(): ((p: Promise<unknown>) => void) | undefined {
  const holder = (globalThis as Record<symbol, VercelRequestContext | undefined>)[Symbol.for("@vercel/request-context")];
  const waitUntil = holder?.get?.()?.waitUntil;
  return typeof waitUntil === "function" ? waitUntil : undefined;
}

/**
 * True when background work simply lives on in a server process (Node, Bun, Deno): work may
 * then be shared across requests (e.g. one telemetry batch for many requests). False on
 * Workers and Vercel, where each request's work must finish within its own waitUntil.
 */
export function isLongLivedProcess(waitUntil: WaitUntil): boolean {
  return waitUntil === keepAlive && !ON_WORKERS;
}

/** Settles when all background work started without an ExecutionContext is done (tests, graceful shutdown). */
export async function drainBackgroundWork(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
