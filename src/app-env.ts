import type { Logger } from "./runtime/log";
import type { RequestSummary } from "./runtime/request-summary";
import type { Settings } from "./runtime/settings";
import type { EnvVars } from "./core/env";

/** Hono typing for this app: what middleware puts on the context for the handlers. */
export type AppEnv = {
  Bindings: Record<string, unknown>;
  Variables: {
    env: EnvVars;
    settings: Settings;
    log: Logger;
    /** Removes this deployment's secret values from text leaving the process (read once per request). */
    redact: (text: string) => string;
    jobType?: string;
    /** What the request did, logged once when it really ends (stream included). */
    summary: RequestSummary;
  };
};
