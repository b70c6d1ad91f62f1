/**
 * Span attribute names and values, verbatim from spec §8.2–§8.4 (what AgentMark's trace
 * normalizer reads). Values are strings or integers; structured values are compact JSON.
 */
import type { Attributes } from "@opentelemetry/api";
import type { AgentUsage } from "../protocol/agent-events";
import type { ChatMessage, CompiledPrompt } from "../prompt/types";
import { modelNameOf } from "../prompt/types";

export const ATTR = {
  traceName: "agentmark.trace_name",
  promptName: "agentmark.prompt_name",
  promptPath: "agentmark.prompt_path",
  commitSha: "agentmark.metadata.commit_sha",
  input: "agentmark.input",
  output: "agentmark.output",
  props: "agentmark.props",
  spanKind: "agentmark.span.kind",
  requestModel: "gen_ai.request.model",
  operationName: "gen_ai.operation.name",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  datasetRunId: "agentmark.dataset_run_id",
  datasetRunName: "agentmark.dataset_run_name",
  datasetItemName: "agentmark.dataset_item_name",
  datasetExpectedOutput: "agentmark.dataset_expected_output",
  datasetPath: "agentmark.dataset_path",
  experimentKey: "agentmark.experiment_key",
  sourceTreeHash: "agentmark.source_tree_hash",
  sessionId: "agentmark.session_id",
  sessionName: "agentmark.session_name",
  userId: "agentmark.user_id",
  tags: "agentmark.tags",
} as const;

/** Prefix the AI SDK (v4/v5) used for `experimental_telemetry.metadata`; the normalizer reads it on any span. */
export const SDK_METADATA_PREFIX = "ai.telemetry.metadata.";

/** JSON that never throws (cycles, BigInt): falls back to String(value). */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function commitShaOf(prompt: CompiledPrompt): string | undefined {
  const sha = prompt.agentmark_meta?.commit_sha;
  return typeof sha === "string" && sha !== "" ? sha : undefined;
}

/** `{role, content}` pairs as the platform records them on `agentmark.input`. */
export function messagesJson(messages: readonly ChatMessage[]): string {
  return toJson(messages.map((m) => ({ role: m.role, content: m.content })));
}

/**
 * `agentmark.input` for any kind. Text/object: the compiled messages. Image and speech have
 * no messages, so their input is written in the same shape: image → one user message with
 * the image prompt; speech → the instructions as a system message (when set) and the text
 * to speak as a user message.
 */
export function promptInputJson(prompt: CompiledPrompt): string {
  switch (prompt.kind) {
    case "text":
    case "object":
      return messagesJson(prompt.messages);
    case "image":
      return toJson([{ role: "user", content: prompt.image_config.prompt }]);
    case "speech": {
      const { instructions, text } = prompt.speech_config;
      return toJson([...(instructions ? [{ role: "system", content: instructions }] : []), { role: "user", content: text }]);
    }
  }
}

/** Attributes every run span starts with (prompt and row): names, model, classification. */
export function promptAttributes(prompt: CompiledPrompt, spanName: string, promptPath: string | undefined): Attributes {
  const attributes: Attributes = { [ATTR.traceName]: spanName };
  if (prompt.name) attributes[ATTR.promptName] = prompt.name;
  if (promptPath) attributes[ATTR.promptPath] = promptPath;
  const sha = commitShaOf(prompt);
  if (sha) attributes[ATTR.commitSha] = sha;
  attributes[ATTR.requestModel] = modelNameOf(prompt);
  if (prompt.kind === "text" || prompt.kind === "object") {
    attributes[ATTR.operationName] = "chat";
    attributes[ATTR.spanKind] = "llm";
  }
  return attributes;
}

export function usageAttributes(usage: AgentUsage): Attributes {
  const attributes: Attributes = {};
  if (Number.isFinite(usage.inputTokens)) attributes[ATTR.inputTokens] = Math.trunc(usage.inputTokens);
  if (Number.isFinite(usage.outputTokens)) attributes[ATTR.outputTokens] = Math.trunc(usage.outputTokens);
  return attributes;
}

/** `agentmark.output`: text as is, anything else as JSON. */
export function outputValue(output: unknown): string {
  return typeof output === "string" ? output : toJson(output);
}

/** The metadata the AI SDK records on its own spans (`ai.telemetry.metadata.*`, spec §7.2). */
export function sdkMetadata(prompt: CompiledPrompt, spanName: string, props: unknown): Record<string, string> {
  const metadata: Record<string, string> = { trace_name: spanName };
  if (prompt.name) metadata.prompt_name = prompt.name;
  if (props !== undefined) metadata.props = toJson(props);
  const sha = commitShaOf(prompt);
  if (sha) metadata.commit_sha = sha;
  return metadata;
}

export interface GroupingInput {
  sessionId?: string | null;
  sessionName?: string | null;
  userId?: string | null;
  traceName?: string | null;
  tags?: readonly string[] | null;
  metadata?: Record<string, unknown> | null;
}

/** The grouping API's attributes (grouping-attributes.json): strings, compact JSON, nulls omitted. */
export function groupingAttributes(input: GroupingInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.sessionId != null) out[ATTR.sessionId] = input.sessionId;
  if (input.sessionName != null) out[ATTR.sessionName] = input.sessionName;
  if (input.userId != null) out[ATTR.userId] = input.userId;
  if (input.traceName != null) out[ATTR.traceName] = input.traceName;
  if (input.tags && input.tags.length > 0) out[ATTR.tags] = toJson(input.tags);
  for (const [key, value] of Object.entries(input.metadata ?? {})) {
    if (value === null || value === undefined) continue;
    out[`agentmark.metadata.${key}`] = typeof value === "string" ? value : toJson(value);
  }
  return out;
}
