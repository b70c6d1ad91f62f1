/**
 * What the process build (Node, Bun, Deno: `npm run build:process`) adds to
 * src/agentmark.config.ts: runners that need an OS process. Everything else (evals, datasets,
 * alerts, tools, routing, the edge runners) comes from that file. The edge build never
 * imports this one.
 *
 * - `claude/<model>` runs on the Claude Agent SDK (install it once: `npm run claude:install`;
 *   set ANTHROPIC_API_KEY). Options: docs/claude-agent-sdk.md.
 */
import edge, { claudeRemote, tools } from "./agentmark.config";
import { defineProcessConfig } from "./process-config";
import { createClaudeAgentRunner } from "./runners/claude-agent";

export default defineProcessConfig(edge, {
  runners: [
    createClaudeAgentRunner({
      tools,
      // Claude Code's built-in tools the model may use, by name (default none), e.g. ["WebSearch"].
      builtinTools: [],
      // Claude Code processes at once; more runs wait (bench/README.md has the memory per run).
      maxConcurrency: 4,
    }),
  ],
  // Here claude/* runs on the runner above, not through the edge build's remote runner.
  replaces: [claudeRemote.name],
});
