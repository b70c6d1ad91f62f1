import type { Deployment } from "./runtime/deployment";
import type { Logger } from "./runtime/log";
import type { Settings } from "./runtime/settings";
import type { EnvVars } from "./runners/types";

/** Hono typing for this app: what middleware puts on the context for the handlers. */
export type AppEnv = {
  Bindings: Record<string, unknown>;
  Variables: {
    /** What the request needs from the deployment's environment, derived once per environment. */
    deployment: Deployment;
    env: EnvVars;
    settings: Settings;
    log: Logger;
    /** Removes this deployment's secret values from text leaving the process. */
    redact: (text: string) => string;
    jobType?: string;
  };
};
