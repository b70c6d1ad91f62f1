/**
 * The process build's configuration is the edge build's plus what only a process can run.
 * Nothing is repeated: evals, datasets, alerts, tools, routing and the edge runners come from
 * src/agentmark.config.ts; the process-only runners are added, and the edge runners that only
 * hand those same prompts to a process deployment (`replaces`) are left out.
 */
import { defineConfig, type AgentmarkConfig } from "./config";
import type { Runner } from "./runners/types";

export interface ProcessOnlyConfig {
  /** Runners that need an OS process (e.g. the Claude Agent SDK). */
  runners: Runner[];
  /** Names of edge runners this build runs itself instead (the remote runner for the same models). */
  replaces?: string[];
}

export function defineProcessConfig(edge: AgentmarkConfig, extra: ProcessOnlyConfig): AgentmarkConfig {
  const replaced = new Set(extra.replaces ?? []);
  for (const name of replaced) {
    if (!edge.runners.some((r) => r.name === name)) {
      throw new Error(`agentmark.process.config: replaces names runner "${name}", which src/agentmark.config.ts does not have.`);
    }
  }
  return defineConfig({ ...edge, runners: [...extra.runners, ...edge.runners.filter((r) => !replaced.has(r.name))] });
}
