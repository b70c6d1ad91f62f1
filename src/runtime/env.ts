/**
 * One view of the deployment's environment on every runtime: Worker bindings (passed to
 * `fetch` as `env`), then `process.env` (Node, Bun, Vercel), then `Deno.env`. Values are
 * looked up lazily by name, so Deno needs `--allow-env` only for the names actually read.
 * On Workers the bindings are the whole truth: `process.env` there (with nodejs_compat)
 * only mirrors the bindings of the deployment, not those the request was given.
 */
import type { EnvVars } from "../core/env";
import { ON_WORKERS } from "./platform";

type DenoLike = { env: { get(name: string): string | undefined } };
type ProcessLike = { env: Record<string, string | undefined> };

function fromProcess(name: string): string | undefined {
  const proc = (globalThis as { process?: ProcessLike }).process;
  try {
    return proc?.env?.[name];
  } catch {
    // Deno's `process.env` throws NotCapable for a name outside `--allow-env=<names>`.
    return undefined;
  }
}

function fromDeno(name: string): string | undefined {
  const deno = (globalThis as { Deno?: DenoLike }).Deno;
  if (!deno) return undefined;
  try {
    return deno.env.get(name);
  } catch {
    return undefined; // no permission for this name: treat as unset
  }
}

/**
 * The view: a binding wins; otherwise (not on Workers) the process environment, read once per
 * name and view (`process.env` lookups cost a call into the runtime each; a view lives as long as
 * its deployment, see deployment.ts).
 */
export function runtimeEnv(bindings: unknown): EnvVars {
  const record = typeof bindings === "object" && bindings !== null ? (bindings as Record<string, unknown>) : {};
  const fromEnvironment = new Map<string, string | undefined>();
  return new Proxy(
    {},
    {
      get(_target, name) {
        if (typeof name !== "string") return undefined;
        const bound = record[name];
        if (typeof bound === "string") return bound;
        if (ON_WORKERS) return undefined;
        if (fromEnvironment.has(name)) return fromEnvironment.get(name);
        const value = fromProcess(name) ?? fromDeno(name);
        fromEnvironment.set(name, value);
        return value;
      },
    },
  ) as EnvVars;
}
