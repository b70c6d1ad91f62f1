/**
 * The template's configuration with Mastra serving every prompt it can (text and object);
 * the AI SDK runner keeps image and speech, the local model `local/*`. Built for Node, Bun
 * and Deno with `npm run build -- --entry examples/mastra/index.ts --platform node`
 * (docs/mastra.md); used by the runtime matrix and the Mastra bench.
 *
 * To make your own webhook use Mastra, make the same changes in src/agentmark.config.ts.
 */
import { Agent } from "@mastra/core/agent";
import echoCheck from "../../datasets/echo-check.jsonl";
import { defineConfig } from "../../src/config";
import { builtinEvals } from "../../src/experiments/builtin-evals";
import { createAiSdkRunner } from "../../src/runners/ai-sdk";
import { createLocalRunner } from "../../src/runners/local";
import { agentmarkModel, createMastraRunner } from "../../src/runners/mastra";
import { createModelRegistry } from "../../src/runners/toolkit";
import { openaiFromEnv } from "../../src/runners/toolkit/openai";

// One provider map and one tool registry, shared by both runners: `openai/*` is the same model through either.
const models = createModelRegistry({ providers: { openai: openaiFromEnv }, aliases: {} });
const tools = {};

// Your own Mastra agent (its instructions, tools, memory…), run for the prompt named "support-triage"
// and for the model name "mastra/support". Its model comes from the same provider map.
const support = new Agent({
  id: "support",
  name: "Support",
  instructions: "You are the support agent of ACME. Be kind and brief.",
  model: agentmarkModel(models, "openai/gpt-4o-mini"),
});

export default defineConfig({
  runners: [
    createLocalRunner(),
    createAiSdkRunner({ models, tools }),
    createMastraRunner({ models, tools, agents: { prompts: { "support-triage": support }, models: { "mastra/support": support } } }),
  ],
  // "I use Mastra": every prompt both the AI SDK runner and Mastra can run goes to Mastra.
  defaultRunner: "mastra",
  evals: { ...builtinEvals },
  datasets: { "datasets/echo-check.jsonl": echoCheck },
});
