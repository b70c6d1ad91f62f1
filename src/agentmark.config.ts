/**
 * What you edit to make this webhook yours.
 *
 * - `runners`: who runs which `model_name` (when two could, `defaultRunner` / `routes` say
 *   which). `local/*` is the built-in offline model; `openai/*` (Responses API) and
 *   `openai.chat/*` (Chat Completions) run on the Vercel AI SDK with OPENAI_API_KEY.
 *   Another provider is one line in `providers`, e.g. `anthropic: (env) => createAnthropic({ apiKey: requireEnv(env, "ANTHROPIC_API_KEY") })`.
 *   To run prompts through Mastra agents instead: docs/mastra.md (a Node/Bun/Deno build).
 * - `claude/*` models run on the Claude Agent SDK, which needs an OS process: this build
 *   hands them to a deployment of the process build (AGENTMARK_REMOTE_RUNNER_URL,
 *   AGENTMARK_RUNNER_SECRET; docs/remote-runner.md), whose config,
 *   src/agentmark.process.config.ts, is this one plus the Claude runner.
 * - `tools`: AI SDK tools prompts may name in `text_config.tools` / `object_config.tools`,
 *   one registry handed to every runner (the process build's Claude runner takes it too). `sum` is an example: the local model calls it offline
 *   when the prompt says `[[call:sum {"a":2,"b":3}]]` (examples/prompts/calculator.prompt.mdx, docs/local-model.md).
 * - `evals`: scorers for dataset runs, by name (listed by `get-evals`). The built-ins are
 *   exact_match, contains, json_match and regex (src/experiments/builtin-evals.ts).
 * - `datasets`: JSONL datasets bundled into the Worker, by the path prompts use.
 * - `alerts.onAlert`: your code for fired/resolved alerts (Slack is built in:
 *   set ALERT_SLACK_WEBHOOK_URL).
 */
import { z } from "zod";
import echoCheck from "../datasets/echo-check.jsonl";
import { defineConfig } from "./config";
import { builtinEvals } from "./experiments/builtin-evals";
// `tool` is the AI SDK's tool(), re-exported so the SDK is loaded by the first OpenAI run, not at start.
import { createAiSdkRunner, openaiFromEnv, tool } from "./runners/ai-sdk";
import { createLocalRunner } from "./runners/local";
import { createRemoteRunner } from "./runners/remote";
import type { ToolRegistry } from "./runners/toolkit";

// claude/* prompts, handed to the process build (which replaces this runner with the Claude runner itself).
export const claudeRemote = createRemoteRunner({ name: "claude (remote)", models: /^claude\// });

// Tools by name, for every runner. Add yours: name: tool({ description, inputSchema: z.object({...}), execute }).
export const tools: ToolRegistry = {
  sum: tool({
    description: "Add two numbers",
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => a + b,
  }),
};

export default defineConfig({
  runners: [
    createLocalRunner({ tools }),
    createAiSdkRunner({
      providers: {
        openai: openaiFromEnv,
      },
      // Extra model names, exact or by pattern, e.g. { "gpt-4o": "openai/gpt-4o" }.
      aliases: {},
      tools,
    }),
    claudeRemote,
  ],
  evals: {
    ...builtinEvals,
  },
  datasets: {
    "datasets/echo-check.jsonl": echoCheck,
  },
  alerts: {
    onAlert: undefined,
  },
});
