/**
 * Providers are built from the request's environment (API keys, base URLs), lazily, and
 * reused while the values they read stay the same: never at module scope (Workers forbid
 * I/O there, and secrets only arrive with the request's `env`).
 */
import type { EnvVars } from "../../core/env";
import { noteSecretNames } from "./errors";

interface CacheEntry<P> {
  keys: string[];
  signature: string;
  provider: P;
}

const MAX_PROVIDER_INSTANCES = 8;

function signatureOf(env: EnvVars, keys: readonly string[]): string {
  return JSON.stringify(keys.map((k) => env[k] ?? null));
}

/**
 * Memoises a factory by the environment values it actually reads: the env is wrapped in a
 * proxy that records the keys the factory touched while building the provider. The names
 * it read that look secret are redacted from every runner's errors from then on.
 */
export function memoiseByEnv<P>(factory: (env: EnvVars) => P): (env: EnvVars) => P {
  const entries: CacheEntry<P>[] = [];
  return (env) => {
    for (const entry of entries) {
      if (signatureOf(env, entry.keys) === entry.signature) return entry.provider;
    }
    const read = new Set<string>();
    const recording = new Proxy(env, {
      get(target, key, receiver) {
        if (typeof key === "string") read.add(key);
        return Reflect.get(target, key, receiver);
      },
    });
    const provider = factory(recording);
    const keys = [...read].sort();
    noteSecretNames(keys);
    // A factory that read nothing while building may read the env later (a headers callback):
    // it could then capture this request's env, so it is not reused for another request.
    if (keys.length === 0) return provider;
    entries.unshift({ keys, signature: signatureOf(env, keys), provider });
    if (entries.length > MAX_PROVIDER_INSTANCES) entries.pop();
    return provider;
  };
}
