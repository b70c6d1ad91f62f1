/**
 * Compiled prompt config (platform snake_case keys) → AI SDK v7 call parameters (spec §7.2,
 * with the v7 names: `maxOutputTokens`, `instructions`, `stopWhen: isStepCount(n)`).
 */
import { LegacyOpenTelemetry } from "@ai-sdk/otel";
import { isStepCount, type ModelMessage, type StopCondition, type TelemetryOptions, type ToolSet, type UserContent } from "ai";
import type { ChatMessage, ImageConfig, LanguageModelSettings, SpeechConfig, TextConfig, UserContentPart } from "../../prompt/types";
import type { RunContext } from "../types";

export interface PromptParams {
  instructions?: string;
  messages: ModelMessage[];
  /** Set when a system message appears after the conversation started (kept in place). */
  allowSystemInMessages?: boolean;
}

/**
 * Leading system messages become `instructions` (ai@7 rejects `{role:"system"}` inside
 * `messages`); a system message later in the conversation stays where it is.
 */
export function toPromptParams(messages: readonly ChatMessage[]): PromptParams {
  const leading: string[] = [];
  let i = 0;
  while (i < messages.length && messages[i]!.role === "system") {
    leading.push(messages[i]!.content as string);
    i++;
  }
  const rest: ModelMessage[] = [];
  let systemInside = false;
  for (const message of messages.slice(i)) {
    switch (message.role) {
      case "system":
        systemInside = true;
        rest.push({ role: "system", content: message.content });
        break;
      case "assistant":
        rest.push({ role: "assistant", content: message.content });
        break;
      case "user":
        rest.push({ role: "user", content: toUserContent(message.content) });
        break;
    }
  }
  return {
    ...(leading.length > 0 ? { instructions: leading.join("\n\n") } : {}),
    messages: rest,
    ...(systemInside ? { allowSystemInMessages: true } : {}),
  };
}

function toUserContent(content: string | readonly UserContentPart[]): UserContent {
  if (typeof content === "string") return content;
  return content.map((part) => {
    switch (part.type) {
      case "text":
        return { type: "text" as const, text: part.text };
      case "image":
        return { type: "file" as const, mediaType: part.mimeType ?? "image", data: toFileData(part.image) };
      case "file":
        return { type: "file" as const, mediaType: part.mimeType, data: toFileData(part.data) };
    }
  });
}

/** `http(s):` and `data:` strings become URLs; anything else is treated as base64 data. */
function toFileData(value: string): string | URL {
  if (/^(https?|data):/i.test(value)) {
    try {
      return new URL(value);
    } catch {
      return value;
    }
  }
  return value;
}

function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Sampling/limit settings shared by text and object prompts. */
export function callSettings(config: LanguageModelSettings) {
  return defined({
    temperature: config.temperature,
    maxOutputTokens: config.max_tokens,
    topP: config.top_p,
    topK: config.top_k,
    presencePenalty: config.presence_penalty,
    frequencyPenalty: config.frequency_penalty,
    stopSequences: config.stop_sequences,
    seed: config.seed,
    maxRetries: config.max_retries,
  });
}

/**
 * `max_calls` → `stopWhen: isStepCount(n)`. Object prompts with tools default to 10 steps (so
 * the model can call tools and still answer); otherwise the SDK default (one step) applies.
 */
export function stopWhen(
  config: LanguageModelSettings,
  options: { hasTools: boolean; kind: "text" | "object" },
): StopCondition<ToolSet> | undefined {
  if (typeof config.max_calls === "number" && config.max_calls > 0) return isStepCount(config.max_calls);
  if (options.kind === "object" && options.hasTools) return isStepCount(10);
  return undefined;
}

export type SdkToolChoice = "auto" | "none" | "required" | { type: "tool"; toolName: string };

export function toolChoice(config: TextConfig): SdkToolChoice | undefined {
  const choice = config.tool_choice;
  if (choice === undefined) return undefined;
  if (typeof choice === "string") return choice;
  return { type: "tool", toolName: choice.tool_name };
}

/**
 * Telemetry stays off unless the core passes a tracer: then the call gets its own
 * `LegacyOpenTelemetry` integration (ai@7 moved OTel out to `@ai-sdk/otel`), whose spans
 * (`ai.generateText`, `ai.streamText.doStream`, …, the names AgentMark's normalizer reads) go
 * to that tracer, so they nest under the run's span; the tracer stamps the run's metadata as
 * `ai.telemetry.metadata.*` on each. Inputs/outputs are left out of the SDK's spans when the
 * deployment hides them. Per call, never `registerTelemetry`: nothing global.
 */
function sdkTelemetry(ctx: RunContext, extra: { functionId?: string } = {}): { telemetry: TelemetryOptions } {
  const telemetry = ctx.telemetry;
  const tracer = telemetry?.tracer;
  if (!telemetry || !tracer) return { telemetry: { isEnabled: false } };
  return {
    telemetry: {
      isEnabled: true,
      ...extra,
      recordInputs: telemetry.recordInputs !== false,
      recordOutputs: telemetry.recordOutputs !== false,
      integrations: [new LegacyOpenTelemetry({ tracer })],
    } as TelemetryOptions,
  };
}

export function telemetryParams(ctx: RunContext, functionId: string) {
  return sdkTelemetry(ctx, { functionId });
}

/** Telemetry for `generateSpeech` (`generateImage` takes no telemetry in ai@7). */
export function speechTelemetryParams(ctx: RunContext) {
  return sdkTelemetry(ctx);
}

export function imageParams(config: ImageConfig) {
  return {
    prompt: config.prompt,
    ...defined({
      n: config.num_images,
      size: config.size as `${number}x${number}` | undefined,
      aspectRatio: config.aspect_ratio as `${number}:${number}` | undefined,
      seed: config.seed,
    }),
  };
}

export function speechParams(config: SpeechConfig) {
  return {
    text: config.text,
    ...defined({
      voice: config.voice,
      outputFormat: config.output_format,
      instructions: config.instructions ? config.instructions : undefined,
      speed: config.speed,
    }),
  };
}

/** Timeout accepted by the runner options and handed to the SDK (`timeout`). */
export type CallTimeout =
  | number
  | { totalMs?: number; stepMs?: number; firstChunkMs?: number; chunkMs?: number; toolMs?: number };

export interface LanguageCallInput {
  model: Exclude<import("ai").LanguageModel, string>;
  messages: readonly ChatMessage[];
  config: LanguageModelSettings & { tool_choice?: TextConfig["tool_choice"] };
  tools: ToolSet | undefined;
  kind: "text" | "object";
  ctx: RunContext;
  /** Prompt name, used as the telemetry function id. */
  name: string;
  timeout?: CallTimeout;
}

/** Everything `streamText` / `generateText` need except the abort signal and output spec. */
export function languageCallParams(input: LanguageCallInput) {
  const { model, messages, config, tools, kind, ctx, name, timeout } = input;
  const choice = kind === "text" ? toolChoice(config) : undefined;
  const stop = stopWhen(config, { hasTools: tools !== undefined, kind });
  return {
    model,
    ...toPromptParams(messages),
    ...callSettings(config),
    ...(tools ? { tools } : {}),
    ...(choice ? { toolChoice: choice } : {}),
    ...(stop ? { stopWhen: stop } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...telemetryParams(ctx, name),
  };
}
