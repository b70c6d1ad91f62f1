/**
 * The Vercel AI SDK runner (`ai@7`, edge-safe: no `nodejs_compat`).
 *
 * ```ts
 * createAiSdkRunner({
 *   providers: { openai: openaiFromEnv },          // + anthropic: (env) => createAnthropic({ apiKey: requireEnv(env, "ANTHROPIC_API_KEY") })
 *   aliases: { "gpt-4o": "openai/gpt-4o" },
 *   tools: { sum: tool({ description: "Add", inputSchema: z.object({ a: z.number(), b: z.number() }), execute: ({ a, b }) => a + b }) },
 * })
 * ```
 *
 * Configuration problems (unknown model or tool, `mcp://` tool, missing API key) are thrown
 * synchronously by `runText`/`runObject`/`runImage`/`runSpeech`, before any output, so the
 * core can answer 500 `{message}`. Provider failures during a run (4xx/5xx, timeouts, broken
 * streams, aborts) become a terminal `{type:"error"}` event with the provider's message,
 * secrets redacted.
 */
import type { Tool } from "ai";
import type {
  CompiledImagePrompt,
  CompiledObjectPrompt,
  CompiledSpeechPrompt,
  CompiledTextPrompt,
  PromptKind,
} from "../../prompt/types";
import type { AgentEvent, GeneratedImage, GeneratedSpeech, RunContext, Runner } from "../types";
import { runImageCall, runSpeechCall } from "./media";
import { runObjectCall } from "./object";
import { MissingSettingError, ModelRegistry, type Aliases, type ProviderFactory } from "./registry";
import type { CallTimeout } from "./settings";
import { runTextCall } from "./text";
import { resolveTools } from "./tools";

export {
  ConfigurationError,
  MissingSettingError,
  ModelRegistry,
  openaiFromEnv,
  requireEnv,
  type AliasRule,
  type Aliases,
  type ModelProvider,
  type ProviderFactory,
} from "./registry";
export { finalizeUsage } from "../../protocol/usage";
export type { ToolRegistry } from "./tools";

export interface AiSdkRunnerOptions {
  /** Provider name → factory reading the environment. `openai/<id>` needs `openai` here. */
  providers: Readonly<Record<string, ProviderFactory>>;
  /** Extra model names: exact (`{ "gpt-4o": "openai/gpt-4o" }`) or patterns (`[[/^gpt-/, (m) => \`openai/${m.input}\`]]`). */
  aliases?: Aliases;
  /** Tools prompts may reference by name. */
  tools?: Readonly<Record<string, Tool>>;
  /**
   * Local development only: when a provider's key is missing, run the prompt with this runner
   * instead (a warning is logged on every such run). Leave unset in production.
   */
  localFallback?: Runner;
  /** Timeout for text/object calls, in ms or per phase (`{ totalMs, chunkMs, … }`). */
  timeout?: CallTimeout;
}

const KINDS: readonly PromptKind[] = ["text", "object", "image", "speech"];

export function createAiSdkRunner(options: AiSdkRunnerOptions): Runner {
  const registry = new ModelRegistry(options.providers, options.aliases);
  const tools = options.tools ?? {};
  const fallback = options.localFallback;

  /** Resolve, or hand over to the explicit local fallback when only a key is missing. */
  function resolveOr<T>(kind: PromptKind, modelName: string, ctx: RunContext, resolve: () => T): T | { fallback: Runner } {
    try {
      return resolve();
    } catch (err) {
      if (err instanceof MissingSettingError && fallback && fallback.kinds.includes(kind)) {
        console.warn(
          `[ai-sdk] ${err.setting} is not configured: running '${modelName}' with the local runner '${fallback.name}' (localFallback is set; do not use in production).`,
        );
        return { fallback };
      }
      throw err;
    }
  }

  function isFallback(value: unknown): value is { fallback: Runner } {
    return typeof value === "object" && value !== null && "fallback" in value;
  }

  return {
    name: "ai-sdk",
    kinds: KINDS,
    handles: (modelName) => registry.handles(modelName),

    runText(prompt: CompiledTextPrompt, ctx: RunContext): AsyncIterable<AgentEvent> {
      const config = prompt.text_config;
      const model = resolveOr("text", config.model_name, ctx, () => registry.languageModel(config.model_name, ctx.env));
      if (isFallback(model)) return model.fallback.runText!(prompt, ctx);
      return runTextCall({
        model,
        messages: prompt.messages,
        config,
        tools: resolveTools(config.tools, tools),
        kind: "text",
        ctx,
        name: prompt.name,
        ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      });
    },

    runObject(prompt: CompiledObjectPrompt, ctx: RunContext): AsyncIterable<AgentEvent> {
      const config = prompt.object_config;
      const model = resolveOr("object", config.model_name, ctx, () => registry.languageModel(config.model_name, ctx.env));
      if (isFallback(model)) return model.fallback.runObject!(prompt, ctx);
      return runObjectCall({
        model,
        messages: prompt.messages,
        config,
        tools: resolveTools(config.tools, tools),
        kind: "object",
        ctx,
        name: prompt.name,
        ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      });
    },

    runImage(prompt: CompiledImagePrompt, ctx: RunContext): Promise<GeneratedImage[]> {
      const config = prompt.image_config;
      const model = resolveOr("image", config.model_name, ctx, () => registry.imageModel(config.model_name, ctx.env));
      if (isFallback(model)) return model.fallback.runImage!(prompt, ctx);
      return runImageCall(model, config, ctx);
    },

    runSpeech(prompt: CompiledSpeechPrompt, ctx: RunContext): Promise<GeneratedSpeech> {
      const config = prompt.speech_config;
      const model = resolveOr("speech", config.model_name, ctx, () => registry.speechModel(config.model_name, ctx.env));
      if (isFallback(model)) return model.fallback.runSpeech!(prompt, ctx);
      return runSpeechCall(model, config, ctx);
    },
  };
}
