/**
 * The Mastra runner (`@mastra/core` 1.71, Node ≥ 22.13, Bun and Deno — not the default
 * Worker: see docs/mastra.md). Text and object prompts, streamed (`agent.stream`) or not
 * (`agent.generate`), through a Mastra `Agent`:
 *
 * ```ts
 * const models = createModelRegistry({ providers: { openai: openaiFromEnv } });
 * createMastraRunner({
 *   models,                                     // the same provider map as the AI SDK runner
 *   tools,                                      // the same tool registry
 *   agents: { prompts: { "support-triage": supportAgent }, models: { "mastra/support": supportAgent } },
 * })
 * ```
 *
 * A prompt with a registered agent (by prompt name, else by model name) runs on that agent:
 * its model, instructions, tools and memory, plus the prompt's System text (as an extra
 * system message), tools and settings. Any other prompt gets an agent built for the run from
 * the prompt: model from the provider map (so nothing reaches Mastra's model router),
 * System messages as instructions, tools from the registry. Every prompt setting is mapped
 * by the toolkit as for the AI SDK runner; `max_calls` → `maxSteps` (default 1 call).
 * Configuration problems throw before any output (500); provider failures, aborts and
 * timeouts end the run with one terminal error event, secrets redacted.
 */
import type { IMastraLogger } from "@mastra/core/logger";
import type { Mastra } from "@mastra/core/mastra";
import type { CompiledObjectPrompt, CompiledTextPrompt } from "../../prompt/types";
import { ModelRegistry, resolveOrFallBack, splitInstructions, toPromptParams, type Aliases, type ProviderFactory } from "../toolkit";
import { resolveTools, type ToolRegistry } from "../toolkit/tool-registry";
import type { RunContext, Runner, RunnerOf } from "../types";
import { buildAgent, lazyMastra, registeredAgent, type RegisteredAgents } from "./agents";
import { executionOptions, type MastraCallTimeout } from "./options";
import { runMastraCall } from "./run";
import { keepMastraTelemetryOff } from "./telemetry";

export { agentmarkModel, type RegisteredAgents } from "./agents";
export type { MastraCallTimeout } from "./options";

export type MastraRunnerOptions = (
  | {
      /** The provider map shared with the AI SDK runner (`createModelRegistry(...)`). */
      models: ModelRegistry;
      providers?: never;
      aliases?: never;
    }
  | {
      providers: Readonly<Record<string, ProviderFactory>>;
      aliases?: Aliases;
      models?: never;
    }
) & {
  /** Tools prompts may reference by name: the same registry as the AI SDK runner's. */
  tools?: ToolRegistry;
  /** Your own Mastra agents, by prompt name or by model name. */
  agents?: RegisteredAgents;
  /** The Mastra instance built agents belong to (default: a private one with a silent logger). */
  mastra?: Mastra;
  /** Logger of the private Mastra instance (default: silent). */
  logger?: IMastraLogger;
  /** Let Mastra send its PostHog product telemetry (default: off, MASTRA_TELEMETRY_DISABLED=1 unless you set it). */
  mastraTelemetry?: boolean;
  /** Timeout for each model call, in ms or per phase. */
  timeout?: MastraCallTimeout;
  /** Local development only: run on this runner when a provider key is missing (a warning per run). */
  localFallback?: Runner;
};

export const MASTRA_RUNNER_NAME = "mastra";

export function createMastraRunner(options: MastraRunnerOptions): RunnerOf<"text" | "object"> {
  keepMastraTelemetryOff(options.mastraTelemetry === true);
  const registry = options.models ?? new ModelRegistry(options.providers, options.aliases);
  const tools = options.tools ?? {};
  const mastra = lazyMastra(options);

  function run(prompt: CompiledTextPrompt | CompiledObjectPrompt, ctx: RunContext) {
    const kind = prompt.kind;
    const config = prompt.kind === "text" ? prompt.text_config : prompt.object_config;
    const own = registeredAgent(options.agents, prompt.name, config.model_name);
    const toolSet = resolveTools(config.tools, tools, MASTRA_RUNNER_NAME);
    const { instructions, conversation } = splitInstructions(prompt.messages);
    const { messages } = toPromptParams(conversation);
    const callOptions = executionOptions({ kind, config, hasTools: toolSet !== undefined, ...(options.timeout !== undefined ? { timeout: options.timeout } : {}) });
    if (own) {
      const extra = {
        ...(instructions !== undefined ? { system: instructions } : {}),
        ...(toolSet ? { toolsets: { agentmark: toolSet } } : {}),
      };
      return runMastraCall({ agent: own, messages, options: { ...callOptions, ...extra } as typeof callOptions, kind, ctx });
    }
    const model = resolveOrFallBack(MASTRA_RUNNER_NAME, options.localFallback, prompt, ctx, () => registry.languageModel(config.model_name, ctx.env));
    if ("fallback" in model) return model.fallback;
    const agent = buildAgent({ name: prompt.name, instructions, model: model.value, tools: toolSet, mastra: mastra() });
    return runMastraCall({ agent, messages, options: callOptions, kind, ctx });
  }

  return {
    name: MASTRA_RUNNER_NAME,
    kinds: ["text", "object"],
    handles: (modelName) => registry.handles(modelName) || (options.agents?.models !== undefined && Object.hasOwn(options.agents.models, modelName)),
    runText: (prompt, ctx) => run(prompt, ctx),
    runObject: (prompt, ctx) => run(prompt, ctx),
  };
}
