/**
 * The process build's configuration is the edge build's plus what only a process can run.
 * Nothing is repeated: evals, datasets, alerts and the edge runners come from
 * src/agentmark.config.ts; the process-only runners are tried first.
 */
import type { AgentmarkConfig } from "./config";
import type { Runner } from "./runners/types";

export interface ProcessOnlyConfig {
  /** Runners that need an OS process (e.g. the Claude Agent SDK), tried before the edge config's. */
  runners: Runner[];
}

export function defineProcessConfig(edge: AgentmarkConfig, extra: ProcessOnlyConfig): AgentmarkConfig {
  return { ...edge, runners: [...extra.runners, ...edge.runners] };
}
