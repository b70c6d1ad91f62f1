/**
 * The portable environment and background-work helpers, for what the runtime matrix cannot
 * reach: a Deno-style `process.env` that throws for names outside `--allow-env=<names>`, and
 * Vercel's request context (the global `@vercel/functions`' waitUntil reads).
 */
import { afterEach, describe, expect, it } from "vitest";
import { runtimeEnv } from "../../src/runtime/env";
import { drainBackgroundWork, waitUntilFor } from "../../src/runtime/wait-until";

const VERCEL = Symbol.for("@vercel/request-context");
const globals = globalThis as Record<symbol, unknown>;

afterEach(() => {
  delete globals[VERCEL];
});

describe("runtimeEnv", () => {
  it("bindings win, then process.env; a name the runtime refuses to read is unset, not a crash", () => {
    const saved = Object.getOwnPropertyDescriptor(process, "env")!;
    const denoLike = new Proxy({ ALLOWED: "yes" } as Record<string, string>, {
      get(target, name) {
        if (typeof name === "string" && !(name in target)) throw new Error(`NotCapable: Requires env access to "${name}"`);
        return target[name as string];
      },
    });
    Object.defineProperty(process, "env", { value: denoLike, configurable: true });
    try {
      const env = runtimeEnv({ BOUND: "binding" });
      expect(env.BOUND).toBe("binding");
      expect(env.ALLOWED).toBe("yes");
      expect(env.AGENTMARK_WEBHOOK_SECRET_PREVIOUS).toBeUndefined();
    } finally {
      Object.defineProperty(process, "env", saved);
    }
  });
});

describe("waitUntilFor", () => {
  const noCtx = {
    get executionCtx(): never {
      throw new Error("This context has no ExecutionContext"); // what Hono does
    },
  };

  it("uses the ExecutionContext's waitUntil when the platform gives one (Workers, the Vercel entry)", () => {
    const seen: Promise<unknown>[] = [];
    waitUntilFor({ executionCtx: { waitUntil: (p) => void seen.push(p) } })(Promise.resolve(1));
    expect(seen).toHaveLength(1);
  });

  it("falls back to Vercel's request context, then keeps the promise referenced", async () => {
    const seen: Promise<unknown>[] = [];
    globals[VERCEL] = { get: () => ({ waitUntil: (p: Promise<unknown>) => void seen.push(p) }) };
    waitUntilFor(noCtx)(Promise.reject(new Error("sink failed")));
    expect(seen).toHaveLength(1);
    await expect(seen[0]).resolves.toBeUndefined(); // failures are contained

    delete globals[VERCEL];
    let done = false;
    waitUntilFor(noCtx)(new Promise<void>((r) => setTimeout(() => ((done = true), r()), 20)));
    await drainBackgroundWork();
    expect(done).toBe(true);
  });
});
