/**
 * The Vercel AI SDK runner (`ai@7`, edge-safe: no `nodejs_compat`).
 *
 * ```ts
 * createAiSdkRunner({
 *   providers: { openai: openaiFromEnv },          // + anthropic: (env) => createAnthropic({ apiKey: requireEnv(env, "ANTHROPIC_API_KEY") })
 *   aliases: { "gpt-4o": "openai/gpt-4o" },
 *   tools: { sum: tool({ description: "Add", inputSchema: z.object({ a: z.number(), b: z.number() }), execute: ({ a, b }) => a + b }) },
 * })
 * // or, sharing one provider map with other runners: createAiSdkRunner({ models, tools })
 * ```
 *
 * Configuration problems (unknown model or tool, `mcp://` tool, missing API key) are thrown
 * synchronously by `runText`/`runObject`/`runImage`/`runSpeech`, before any output, so the
 * core can answer 500 `{message}`. Provider failures during a run (4xx/5xx, timeouts, broken
 * streams, aborts) become a terminal `{type:"error"}` event with the provider's message,
 * secrets redacted. Everything not specific to the AI SDK is in `../toolkit`.
 *
 * Those checks need no SDK (model names, tool names, the provider's settings), so this file
 * imports none: the SDK side (`./calls`) is loaded by the first run, and models of deferred
 * providers (`openaiFromEnv`) load their provider SDK on their first call. Starting the app,
 * and runs on other runners, never evaluate `ai` or `@ai-sdk/openai`.
 */
import type { AgentEvent } from "../../protocol/agent-events";
import type { CompiledImagePrompt, CompiledObjectPrompt, CompiledSpeechPrompt, CompiledTextPrompt } from "../../prompt/types";
import { ModelRegistry, resolveOrFallBack, resolveToolRefs, type Aliases, type ProviderFactory } from "../toolkit";
import type { ToolRegistry } from "../toolkit/tool-registry";
import type { RunContext, Runner, RunnerOf } from "../types";
import type { CallTimeout } from "./settings";

/** The SDK side of the runner (`ai`, `@ai-sdk/otel`), evaluated by the first call that needs it. */
const sdkCalls = () => import("./calls");
type SdkCalls = Awaited<ReturnType<typeof sdkCalls>>;

/**
 * A run whose events come from the SDK side: the first `next()` loads it and starts the run;
 * later calls go straight to the run's own iterator (no generator in between for each event).
 */
function withSdk(run: (calls: SdkCalls) => AsyncIterator<AgentEvent>): AsyncIterable<AgentEvent> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<AgentEvent> {
      let events: AsyncIterator<AgentEvent> | undefined;
      let starting: Promise<AsyncIterator<AgentEvent>> | undefined;
      const start = () => (starting ??= sdkCalls().then((calls) => (events = run(calls))));
      return {
        next: () => (events ? events.next() : start().then((started) => started.next())),
        async return(value?: unknown): Promise<IteratorResult<AgentEvent>> {
          // A run never started has nothing to close (and no reason to load the SDK).
          if (!starting) return { done: true, value };
          const started = await starting;
          return started.return ? started.return(value) : { done: true, value };
        },
      };
    },
  };
}

export {
  ConfigurationError,
  createModelRegistry,
  finalizeUsage,
  MissingSettingError,
  ModelRegistry,
  requireEnv,
  type AliasRule,
  type Aliases,
  type ModelProvider,
  type ProviderFactory,
  type ToolRegistry,
} from "../toolkit";
export { openaiFromEnv, type OpenAIModels } from "../toolkit/openai";
export { tool } from "../toolkit/tool";

export type AiSdkRunnerOptions = (
  | {
      /** Provider name → factory reading the environment. `openai/<id>` needs `openai` here. */
      providers: Readonly<Record<string, ProviderFactory>>;
      /** Extra model names: exact (`{ "gpt-4o": "openai/gpt-4o" }`) or patterns (`[[/^gpt-/, (m) => \`openai/${m.input}\`]]`). */
      aliases?: Aliases;
      models?: never;
    }
  | {
      /** A provider map shared with other runners (`createModelRegistry({ providers, aliases })`). */
      models: ModelRegistry;
      providers?: never;
      aliases?: never;
    }
) & {
  /** Tools prompts may reference by name. */
  tools?: ToolRegistry;
  /**
   * Local development only: when a provider's key is missing, run the prompt with this runner
   * instead (a warning is logged on every such run). Leave unset in production.
   */
  localFallback?: Runner;
  /** Timeout for text/object calls, in ms or per phase (`{ totalMs, chunkMs, … }`). */
  timeout?: CallTimeout;
};

export const AI_SDK_RUNNER_NAME = "ai-sdk";

export function createAiSdkRunner(options: AiSdkRunnerOptions): RunnerOf<"text" | "object" | "image" | "speech"> {
  const registry = options.models ?? new ModelRegistry(options.providers, options.aliases);
  const tools = options.tools ?? {};
  const fallback = options.localFallback;
  const timeout = options.timeout !== undefined ? { timeout: options.timeout } : {};

  return {
    name: AI_SDK_RUNNER_NAME,
    kinds: ["text", "object", "image", "speech"],
    handles: (modelName) => registry.handles(modelName),

    runText(prompt: CompiledTextPrompt, ctx: RunContext) {
      const config = prompt.text_config;
      const model = resolveOrFallBack(AI_SDK_RUNNER_NAME, fallback, prompt, ctx, () => registry.languageModel(config.model_name, ctx.env));
      if ("fallback" in model) return model.fallback;
      const refs = resolveToolRefs(config.tools, tools, AI_SDK_RUNNER_NAME);
      return withSdk((sdk) =>
        sdk.runTextCall({ model: model.value, messages: prompt.messages, config, tools: sdk.toToolSet(refs), kind: "text", ctx, name: prompt.name, ...timeout }),
      );
    },

    runObject(prompt: CompiledObjectPrompt, ctx: RunContext) {
      const config = prompt.object_config;
      const model = resolveOrFallBack(AI_SDK_RUNNER_NAME, fallback, prompt, ctx, () => registry.languageModel(config.model_name, ctx.env));
      if ("fallback" in model) return model.fallback;
      const refs = resolveToolRefs(config.tools, tools, AI_SDK_RUNNER_NAME);
      return withSdk((sdk) =>
        sdk.runObjectCall({ model: model.value, messages: prompt.messages, config, tools: sdk.toToolSet(refs), kind: "object", ctx, name: prompt.name, ...timeout }),
      );
    },

    runImage(prompt: CompiledImagePrompt, ctx: RunContext) {
      const config = prompt.image_config;
      const model = resolveOrFallBack(AI_SDK_RUNNER_NAME, fallback, prompt, ctx, () => registry.imageModel(config.model_name, ctx.env));
      return "fallback" in model ? model.fallback : sdkCalls().then((sdk) => sdk.runImageCall(model.value, config, ctx));
    },

    runSpeech(prompt: CompiledSpeechPrompt, ctx: RunContext) {
      const config = prompt.speech_config;
      const model = resolveOrFallBack(AI_SDK_RUNNER_NAME, fallback, prompt, ctx, () => registry.speechModel(config.model_name, ctx.env));
      return "fallback" in model ? model.fallback : sdkCalls().then((sdk) => sdk.runSpeechCall(model.value, config, ctx));
    },
  };
}
