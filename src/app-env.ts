import type { Deployment } from "./runtime/deployment";
import type { RequestSummary } from "./runtime/request-summary";
import type { Settings } from "./runtime/settings";

/** Hono typing for this app: what middleware puts on the context for the handlers. */
export type AppEnv = {
  Bindings: Record<string, unknown>;
  Variables: {
    /** What the request needs from the deployment's environment (env, log, redact), derived once per environment. */
    deployment: Deployment;
    settings: Settings;
    jobType?: string;
    /** What the request did, logged once when it really ends (stream included). */
    summary: RequestSummary;
  };
};
