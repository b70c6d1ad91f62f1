/**
 * What the compiler produces from an AgentMark prompt AST and props (spec §4.2–§4.3),
 * and what a runner consumes. Field names follow the platform's frontmatter keys.
 */
export type PromptKind = "text" | "object" | "image" | "speech";

export type TextPart = { type: "text"; text: string };
export type ImagePart = { type: "image"; image: string; mimeType?: string };
export type FilePart = { type: "file"; data: string; mimeType: string };
export type UserContentPart = TextPart | ImagePart | FilePart;

export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | UserContentPart[] }
  | { role: "assistant"; content: string };

/** Older record form of `tools` (still sent by prompts written before 2026-03). */
export type ToolDefinition = { description?: string; parameters?: Record<string, unknown> };
export type ToolsConfig = string[] | Record<string, ToolDefinition | string>;

export type ToolChoice = "auto" | "none" | "required" | { type: "tool"; tool_name: string };

export interface LanguageModelSettings {
  model_name: string;
  max_tokens?: number;
  temperature?: number;
  max_calls?: number;
  top_p?: number;
  top_k?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  stop_sequences?: string[];
  seed?: number;
  max_retries?: number;
  tools?: ToolsConfig;
}

export interface TextConfig extends LanguageModelSettings {
  tool_choice?: ToolChoice;
}

export interface ObjectConfig extends LanguageModelSettings {
  schema: Record<string, unknown>;
  schema_name?: string;
  schema_description?: string;
}

export interface ImageConfig {
  model_name: string;
  num_images?: number;
  size?: string;
  aspect_ratio?: string;
  seed?: number;
  prompt: string;
}

export interface SpeechConfig {
  model_name: string;
  voice?: string;
  output_format?: string;
  speed?: number;
  text: string;
  instructions: string;
}

export interface TestSettings {
  props?: Record<string, unknown> | null;
  dataset?: string;
  evals?: string[];
  experiment_key?: string;
  regression_tolerance?: number;
  score_thresholds?: Record<string, number>;
  [key: string]: unknown;
}

export interface AgentmarkMeta {
  commit_sha?: string;
  [key: string]: unknown;
}

interface CompiledBase {
  name: string;
  test_settings?: TestSettings;
  agentmark_meta?: AgentmarkMeta;
}

export interface CompiledTextPrompt extends CompiledBase {
  kind: "text";
  messages: ChatMessage[];
  text_config: TextConfig;
}

export interface CompiledObjectPrompt extends CompiledBase {
  kind: "object";
  messages: ChatMessage[];
  object_config: ObjectConfig;
}

export interface CompiledImagePrompt extends CompiledBase {
  kind: "image";
  image_config: ImageConfig;
}

export interface CompiledSpeechPrompt extends CompiledBase {
  kind: "speech";
  speech_config: SpeechConfig;
}

export type CompiledPrompt =
  | CompiledTextPrompt
  | CompiledObjectPrompt
  | CompiledImagePrompt
  | CompiledSpeechPrompt;

/** The model name of any compiled prompt, whatever its kind. */
export function modelNameOf(prompt: CompiledPrompt): string {
  switch (prompt.kind) {
    case "text":
      return prompt.text_config.model_name;
    case "object":
      return prompt.object_config.model_name;
    case "image":
      return prompt.image_config.model_name;
    case "speech":
      return prompt.speech_config.model_name;
  }
}
