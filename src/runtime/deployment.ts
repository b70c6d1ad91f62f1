/**
 * What every request needs from its deployment's environment (the env view, the logger,
 * the redactor of secret values, the webhook settings), derived once per environment
 * instead of once per request:
 * - bindings that carry settings (a Worker's `env`, or what an `app.fetch(request, env)`
 *   caller passes): once per bindings object. A Worker's `env` lives as long as its isolate,
 *   and changing a secret or variable deploys a new version, hence new isolates;
 * - no such bindings (Node, Bun, Deno, Vercel): once per process, from `process.env` /
 *   `Deno.env`. A server process's environment is fixed when it starts, so there a change
 *   takes a restart, as for any process.
 */
import type { EnvVars } from "../core/env";
import { runtimeEnv } from "./env";
import { createLogger, createRedactor, type Logger, type Redactor } from "./log";
import { secretValues } from "./secrets";
import { readSettings, type Settings } from "./settings";

export interface Deployment {
  env: EnvVars;
  log: Logger;
  /** Removes this deployment's secret values from a text leaving the process. */
  redact: Redactor;
  /** The webhook's settings; throws the configuration error (a 500) when they are invalid. */
  settings(): Settings;
}

function derive(bindings: unknown): Deployment {
  const env = runtimeEnv(bindings);
  const redact = createRedactor(secretValues(env));
  const log = createLogger(env.AGENTMARK_LOG_LEVEL, redact);
  let settings: Settings | undefined;
  let failure: unknown;
  try {
    settings = readSettings(env);
  } catch (err) {
    failure = err;
  }
  return {
    env,
    log,
    redact,
    settings: () => {
      if (settings === undefined) throw failure;
      return settings;
    },
  };
}

const byBindings = new WeakMap<object, Deployment>();
let fromProcess: Deployment | undefined;

/** True when the bindings carry values (strings), not only runtime objects (@hono/node-server's `{ incoming, outgoing }`). */
function carriesValues(bindings: object): boolean {
  for (const name in bindings) if (typeof (bindings as Record<string, unknown>)[name] === "string") return true;
  return false;
}

export function deploymentFor(bindings: unknown): Deployment {
  if (typeof bindings === "object" && bindings !== null) {
    const known = byBindings.get(bindings);
    if (known) return known;
    if (carriesValues(bindings)) {
      const derived = derive(bindings);
      byBindings.set(bindings, derived);
      return derived;
    }
  }
  return (fromProcess ??= derive(undefined));
}
