/**
 * The configuration `npm run dev` hands wrangler dev: wrangler.toml with every local variable
 * added to its `secrets.required` list.
 *
 * wrangler.toml lists `AGENTMARK_WEBHOOK_SECRET` under `[secrets] required`, so that
 * `wrangler deploy` refuses to deploy a Worker without it. But while that list exists,
 * `wrangler dev` loads only the names on it from `.dev.vars` (wrangler 4.156.2,
 * `getVarsForDev`): `OPENAI_API_KEY`, `OPENAI_BASE_URL` and every other setting would be
 * dropped without a word. The copy (`.wrangler.dev.<pid>.jsonc`, next to wrangler.toml, rewritten
 * when wrangler.toml or the local settings change) names them all; everything else wrangler
 * does with the list stays (e.g. its warning for a missing required secret), and deploys keep
 * using wrangler.toml itself.
 */
import { existsSync, rmSync, watch, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { readDevVars } from "./dev-vars";

const require = createRequire(import.meta.url);

interface SecretsList {
  required?: string[];
}

interface RawConfig {
  secrets?: SecretsList;
  env?: Record<string, { secrets?: SecretsList }>;
  [key: string]: unknown;
}

const { experimental_readRawConfig: readRawConfig } = require("wrangler") as {
  experimental_readRawConfig(args: { config?: string }): { rawConfig: RawConfig; configPath?: string };
};


/** Splits `-c/--config <path>` off wrangler's arguments: that is the configuration to copy. */
export function splitConfigArgument(args: string[]): { config?: string; rest: string[] } {
  const rest: string[] = [];
  let config: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-c" || arg === "--config") config = args[++i];
    else if (arg.startsWith("--config=")) config = arg.slice("--config=".length);
    else rest.push(arg);
  }
  return { ...(config !== undefined ? { config } : {}), rest };
}

const widen = (list: SecretsList | undefined, names: string[]) => (list ? { ...list, required: [...new Set([...(list.required ?? []), ...names])] } : undefined);

/** The configuration with `names` on its secrets lists (top level and each environment that has one), as JSONC. */
export function devConfiguration(raw: RawConfig, names: string[], source: string): string {
  const config: RawConfig = { ...raw, ...(raw.secrets ? { secrets: widen(raw.secrets, names) } : {}) };
  if (raw.env) {
    config.env = Object.fromEntries(Object.entries(raw.env).map(([name, env]) => [name, env.secrets ? { ...env, secrets: widen(env.secrets, names) } : env]));
  }
  const note = `// Written by npm run dev from ${source}, with every variable of the local settings added to\n// secrets.required so that wrangler dev loads them all. Edit ${source}, not this file.\n`;
  return note + JSON.stringify(config, null, 2) + "\n";
}

export interface DevConfig {
  /** The file to give wrangler dev as `--config`. */
  path: string;
  /** Stops following the sources and removes the copy. */
  close(): void;
}

/** Writes the copy for `config` (default: the wrangler.toml wrangler itself would find) and keeps it in step. */
export function writeDevConfig({ config, env }: { config?: string; env?: string }): DevConfig {
  const { configPath } = readRawConfig(config !== undefined ? { config } : {});
  if (!configPath || !existsSync(configPath)) throw new Error("npm run dev: no wrangler.toml (or wrangler.json/jsonc) here.");
  const dir = dirname(configPath);
  const source = basename(configPath);
  // One per process: a second npm run dev (or the tests' own) must not remove this one's.
  const path = join(dir, `.wrangler.dev.${process.pid}.jsonc`);
  const write = () => {
    const names = Object.keys(readDevVars({ dir, ...(env !== undefined ? { env } : {}), processEnv: {} }).vars);
    writeFileSync(path, devConfiguration(readRawConfig({ config: configPath }).rawConfig, names, source));
  };
  write();
  // wrangler dev restarts when its configuration changes: follow both sources.
  const watcher = watch(dir, (_event, name) => {
    if (name !== source && !name?.startsWith(".dev.vars") && !name?.startsWith(".env")) return;
    try {
      write();
    } catch (err) {
      console.error(`npm run dev: could not re-read ${source}: ${(err as Error).message}`);
    }
  });
  return {
    path,
    close: () => {
      watcher.close();
      rmSync(path, { force: true });
    },
  };
}
