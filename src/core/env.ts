/**
 * The deployment's settings as every layer sees them: names → values, read from the
 * runtime's environment (Worker bindings, `process.env`, `Deno.env`) by `runtime/env.ts`.
 */
import { MissingSettingError } from "./errors";

export type EnvVars = Readonly<Record<string, string | undefined>>;

/** Read a required environment variable or throw `MissingSettingError` naming it. */
export function requireEnv(env: EnvVars, name: string): string {
  const value = env[name];
  if (typeof value !== "string" || value.trim() === "") throw new MissingSettingError(name);
  return value;
}
