/**
 * The Claude Code process's whole environment, built from a list (the SDK's `env` replaces
 * the inherited one): its own HOME and TMPDIR, the Anthropic connection settings, switches
 * that keep it from calling anywhere but the model API, and the names the runner's options
 * allow. Nothing else of the deployment's environment reaches it; never the webhook secret.
 */
import type { EnvVars } from "../types";
import type { Workspace } from "./workspace";

/** Read from the deployment's environment and passed on when set. */
export const CONNECTION_VARIABLES = ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_CUSTOM_HEADERS"] as const;

/** Variables of the server process the executable needs to run at all. */
const PROCESS_VARIABLES = ["PATH", "LANG", "LC_ALL", "TZ"] as const;

/** Claude Code's own switches: no telemetry, error reports, update checks or other calls home. */
const QUIET = {
  DISABLE_TELEMETRY: "1",
  DISABLE_ERROR_REPORTING: "1",
  DISABLE_AUTOUPDATER: "1",
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
  CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: "1",
} as const;

export interface ChildEnvInput {
  env: EnvVars;
  workspace: Workspace;
  /** Extra variable names the runner's options pass through (e.g. for Bedrock or Vertex). */
  passThrough: readonly string[];
  /** Settings of this run, as Claude Code reads them (`CLAUDE_CODE_MAX_RETRIES`, …). */
  run: Record<string, string>;
  /** The server process's own environment (PATH, locale). */
  processEnv?: Readonly<Record<string, string | undefined>>;
}

/** Deno's `process.env` throws for a name outside `--allow-env=<names>`: unset, then. */
function readable(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  try {
    return env[name];
  } catch {
    return undefined;
  }
}

export function childEnv({ env, workspace, passThrough, run, processEnv = process.env }: ChildEnvInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PROCESS_VARIABLES) {
    const value = readable(processEnv, name);
    if (value) out[name] = value;
  }
  for (const name of [...CONNECTION_VARIABLES, ...passThrough]) {
    const value = env[name];
    if (value) out[name] = value;
  }
  return {
    ...out,
    ...QUIET,
    ...run,
    HOME: workspace.home,
    TMPDIR: workspace.tmp,
    CLAUDE_CONFIG_DIR: `${workspace.home}/.claude`,
  };
}
