/**
 * The variables `wrangler dev` hands the local Worker from files and the environment,
 * resolved the way wrangler 4 does it (`getVarsForDev` in wrangler/src/dev/dev-vars.ts)
 * and with the parsers it bundles (dotenv 16.3.1, dotenv-expand 12.0.2):
 *
 * 1. `.dev.vars.<env>` (with `--env <env>`) or `.dev.vars`, next to wrangler.toml. When one
 *    exists it is the only source: parsed as is (`# comments`, quotes, `export KEY=`, no
 *    `${VAR}` expansion); `.env` files and the process environment are not read.
 * 2. Otherwise, unless CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false: `.env`, `.env.local`,
 *    `.env.<env>`, `.env.<env>.local` (later files win), `${VAR}`-expanded, and the process
 *    environment included and winning when wrangler.toml has a `[secrets]` table (or
 *    CLOUDFLARE_INCLUDE_PROCESS_ENV=true).
 *
 * Not modelled: `[vars]` in wrangler.toml and `--var` flags (neither carries the secret here).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import dotenv from "dotenv";
import { expand } from "dotenv-expand";

export interface DevVarsOptions {
  /** The directory of wrangler.toml (default: the current directory). */
  dir?: string;
  /** wrangler's `--env` / CLOUDFLARE_ENV. */
  env?: string;
  processEnv?: NodeJS.ProcessEnv;
}

export interface DevVars {
  vars: Record<string, string>;
  /** What the values came from, for messages: e.g. ".dev.vars" or ".env, process environment". */
  from: string;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  return value.toLowerCase() === "true";
}

function declaresSecrets(dir: string): boolean {
  const toml = join(dir, "wrangler.toml");
  return existsSync(toml) && /^\s*\[secrets\]\s*$/m.test(readFileSync(toml, "utf8"));
}

function fromDotEnvFiles(dir: string, env: string | undefined, processEnv: NodeJS.ProcessEnv): DevVars {
  const names = [".env", ".env.local", ...(env ? [`.env.${env}`, `.env.${env}.local`] : [])];
  const parsed: Record<string, string> = {};
  const read: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    Object.assign(parsed, dotenv.parse(readFileSync(path)));
    read.push(name);
  }
  const includeProcessEnv = declaresSecrets(dir) || flag(processEnv.CLOUDFLARE_INCLUDE_PROCESS_ENV, false);
  const target: Record<string, string> = includeProcessEnv ? { ...(processEnv as Record<string, string>) } : {};
  expand({ processEnv: target, parsed });
  if (includeProcessEnv) read.push("process environment");
  return { vars: target, from: read.join(", ") || "nothing" };
}

export function readDevVars(options: DevVarsOptions = {}): DevVars {
  const dir = options.dir ?? process.cwd();
  const processEnv = options.processEnv ?? process.env;
  const env = options.env ?? (processEnv.CLOUDFLARE_ENV || undefined);
  for (const name of [...(env ? [`.dev.vars.${env}`] : []), ".dev.vars"]) {
    const path = join(dir, name);
    if (existsSync(path)) return { vars: dotenv.parse(readFileSync(path)), from: name };
  }
  if (!flag(processEnv.CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV, true)) return { vars: {}, from: "nothing" };
  return fromDotEnvFiles(dir, env, processEnv);
}

export interface LocalSecret {
  secret?: string;
  /** Where it came from (or was looked for), for messages. */
  from: string;
  /** Set when AGENTMARK_WEBHOOK_SECRET is in the environment but wrangler would not use it. */
  ignoredEnvironment?: boolean;
}

/** The webhook secret the local Worker (`npm run dev`) runs with. */
export function localSecret(options: DevVarsOptions = {}): LocalSecret {
  const processEnv = options.processEnv ?? process.env;
  const { vars, from } = readDevVars(options);
  const secret = vars.AGENTMARK_WEBHOOK_SECRET?.trim() || undefined;
  const fromEnvironment = processEnv.AGENTMARK_WEBHOOK_SECRET?.trim();
  const ignoredEnvironment = Boolean(fromEnvironment) && fromEnvironment !== secret;
  return { ...(secret ? { secret } : {}), from, ...(ignoredEnvironment ? { ignoredEnvironment } : {}) };
}
