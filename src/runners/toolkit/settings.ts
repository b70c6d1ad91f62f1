/**
 * Prompt settings (the platform's snake_case keys) → the camelCase call settings the AI SDK
 * and the SDKs built on it (Mastra) take, mapped once so every runner maps them alike:
 *
 * | prompt | call setting |
 * |---|---|
 * | `max_tokens` | `maxOutputTokens` |
 * | `temperature`, `seed` | same |
 * | `top_p`, `top_k` | `topP`, `topK` |
 * | `presence_penalty`, `frequency_penalty` | `presencePenalty`, `frequencyPenalty` |
 * | `stop_sequences` | `stopSequences` |
 * | `max_retries` | `maxRetries` |
 * | `tool_choice` | `toolChoice` |
 * | `max_calls` | a step limit (`stepLimit` in tool-refs.ts) |
 */
import type { ImageConfig, LanguageModelSettings, SpeechConfig, TextConfig } from "../../prompt/types";

/** The entries of `value` that are not undefined. */
export function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface CallSettings {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  stopSequences?: string[];
  seed?: number;
  maxRetries?: number;
}

/** Sampling and limit settings shared by text and object prompts (only those the prompt sets). */
export function callSettings(config: LanguageModelSettings): CallSettings {
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

export type ToolChoiceSetting = "auto" | "none" | "required" | { type: "tool"; toolName: string };

export function toolChoice(config: Pick<TextConfig, "tool_choice">): ToolChoiceSetting | undefined {
  const choice = config.tool_choice;
  if (choice === undefined) return undefined;
  if (typeof choice === "string") return choice;
  return { type: "tool", toolName: choice.tool_name };
}

export function imageSettings(config: ImageConfig) {
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

export function speechSettings(config: SpeechConfig) {
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
