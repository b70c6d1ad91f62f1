/**
 * The Claude Agent SDK's messages → the seam's agent events, one message at a time.
 *
 * - Streamed runs read the partial messages (`stream_event`, the Messages API's own SSE
 *   events): text and thinking deltas as they arrive, the structured output's JSON as
 *   object partials. Complete `assistant` messages then add only the tool calls (and any
 *   text that was not streamed, e.g. a non-streaming retry).
 * - Unstreamed runs read the complete `assistant` messages.
 * - `user` messages carry the tool results; the value is the one the tool returned (kept by
 *   ./tools.ts), not its text.
 * - The `result` message ends the run: the structured output and `finish` with the run's
 *   usage, or one `error` with Claude Code's own message (API errors, max turns, …).
 * Only the main conversation counts (`parent_tool_use_id === null`). Synthetic assistant
 * messages that carry an API error's text are not model output and are skipped.
 */
import { parsePartialJson } from "ai";
import type { AgentEvent } from "../../protocol/agent-events";
import { finishEvent } from "../toolkit";
import type { SdkAssistantMessage, SdkContentBlock, SdkMessage, SdkResultError, SdkResultSuccess, SdkStreamEvent, SdkUserMessage } from "./sdk";
import type { PromptTools } from "./tools";

/** Claude Code's tool for `outputFormat: { type: "json_schema" }`: its input is the object. */
export const STRUCTURED_OUTPUT_TOOL = "StructuredOutput";

const FINISH_REASONS: Record<string, string> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool-calls",
  refusal: "content-filter",
  pause_turn: "other",
};

const ERROR_RESULTS: Record<SdkResultError["subtype"], string> = {
  error_max_turns: "Claude stopped: the run reached its maximum number of turns (max_calls).",
  error_during_execution: "Claude Code failed while running the prompt.",
  error_max_budget_usd: "Claude stopped: the run reached its budget.",
  error_max_structured_output_retries: "Claude did not produce an object matching the schema.",
};

export const CUT_AND_RETRIED =
  "The model's answer was cut off mid-stream and Claude Code retried it; a retried answer cannot continue the partial one already sent.";

export interface MapperOptions {
  kind: "text" | "object";
  stream: boolean;
  tools: Pick<PromptTools, "promptName" | "result">;
}

export class ClaudeEventMapper {
  /** Set once the run's last event (finish or error) has been produced. */
  done = false;
  private readonly toolNames = new Map<string, string>();
  private readonly structuredIds = new Set<string>();
  /** Message ids whose text/thinking arrived as stream events. */
  private readonly streamed = new Set<string>();
  /** The model message being streamed; `complete` once its stop reason arrived. */
  private message: { id: string; sentText: boolean; complete: boolean } | undefined;
  private readonly blocks = new Map<number, { structured: boolean; json: string }>();
  private lastPartial = "";

  constructor(private readonly options: MapperOptions) {}

  async map(message: SdkMessage): Promise<AgentEvent[]> {
    if (this.done) return [];
    if ("parent_tool_use_id" in message && message.parent_tool_use_id !== null) return [];
    switch (message.type) {
      case "stream_event":
        return this.options.stream ? this.streamEvent(message.event) : [];
      case "assistant":
        return this.assistant(message);
      case "user":
        return this.user(message);
      case "result":
        return this.result(message);
      default:
        return [];
    }
  }

  private end(events: AgentEvent[]): AgentEvent[] {
    this.done = true;
    return events;
  }

  private async streamEvent(event: SdkStreamEvent): Promise<AgentEvent[]> {
    switch (event.type) {
      case "message_start": {
        // A new model message after one that broke off mid-text is Claude Code retrying it.
        const previous = this.message;
        if (previous && !previous.complete && previous.sentText) return this.end([{ type: "error", error: CUT_AND_RETRIED }]);
        this.message = { id: event.message.id, sentText: false, complete: false };
        this.blocks.clear();
        return [];
      }
      case "message_delta":
        // Claude Code closes a cut stream with synthetic events whose stop reason is null.
        if (this.message && event.delta?.stop_reason) this.message.complete = true;
        return [];
      case "content_block_start": {
        const start = event.content_block;
        const structured = start.type === "tool_use" && "name" in start && start.name === STRUCTURED_OUTPUT_TOOL;
        this.blocks.set(event.index, { structured, json: "" });
        return [];
      }
      case "content_block_delta":
        return this.delta(event.index, event.delta);
      default:
        return [];
    }
  }

  private async delta(index: number, delta: Extract<SdkStreamEvent, { type: "content_block_delta" }>["delta"]): Promise<AgentEvent[]> {
    const message = this.message;
    if ("text" in delta && delta.type === "text_delta") {
      if (this.options.kind !== "text" || !message) return [];
      this.streamed.add(message.id);
      message.sentText = true;
      return delta.text ? [{ type: "text-delta", text: delta.text }] : [];
    }
    if ("thinking" in delta && delta.type === "thinking_delta") {
      if (message) this.streamed.add(message.id);
      return delta.thinking ? [{ type: "reasoning-delta", text: delta.thinking }] : [];
    }
    if ("partial_json" in delta && delta.type === "input_json_delta") {
      const block = this.blocks.get(index);
      if (!block?.structured || this.options.kind !== "object") return [];
      block.json += delta.partial_json;
      return this.partialObject(block.json);
    }
    return [];
  }

  /** An object partial when the JSON so far parses to a new object (the AI SDK's parsePartialJson closes what is open). */
  private async partialObject(json: string): Promise<AgentEvent[]> {
    const { value: parsed } = await parsePartialJson(json);
    if (parsed === undefined || typeof parsed !== "object" || parsed === null) return [];
    const key = JSON.stringify(parsed);
    if (key === this.lastPartial) return [];
    this.lastPartial = key;
    return [{ type: "object-delta", partial: parsed }];
  }

  private assistant(message: SdkAssistantMessage): AgentEvent[] {
    if (message.error !== undefined || message.message.model === "<synthetic>") return [];
    const { id } = message.message;
    const streamed = this.options.stream && this.streamed.has(id);
    const events: AgentEvent[] = [];
    for (const block of message.message.content) {
      if (block.type === "text" && "text" in block) {
        if (this.options.kind === "text" && !streamed && block.text) events.push({ type: "text-delta", text: block.text });
      } else if (block.type === "thinking" && "thinking" in block) {
        if (!streamed && block.thinking) events.push({ type: "reasoning-delta", text: block.thinking });
      } else if (block.type === "tool_use" && "name" in block && "id" in block && "input" in block) {
        if (block.name === STRUCTURED_OUTPUT_TOOL) {
          this.structuredIds.add(block.id);
          continue;
        }
        const name = this.options.tools.promptName(block.name) ?? block.name;
        this.toolNames.set(block.id, name);
        events.push({ type: "tool-call", id: block.id, name, args: block.input });
      }
    }
    return events;
  }

  private user(message: SdkUserMessage): AgentEvent[] {
    const content = message.message.content;
    if (typeof content === "string") return [];
    const events: AgentEvent[] = [];
    for (const block of content) {
      if (!isToolResult(block)) continue;
      const id = block.tool_use_id;
      if (this.structuredIds.has(id)) continue;
      const name = this.toolNames.get(id);
      if (name === undefined) continue;
      const kept = this.options.tools.result(id);
      const isError = block.is_error === true || (kept !== undefined && "error" in kept);
      const result = kept && "value" in kept ? kept.value : kept && "error" in kept ? kept.error : resultText(block.content);
      events.push({ type: "tool-result", id, name, result, ...(isError ? { isError: true } : {}) });
    }
    return events;
  }

  private result(message: SdkResultSuccess | SdkResultError): AgentEvent[] {
    if (message.subtype !== "success") {
      const detail = message.errors.map((e) => e.trim()).filter(Boolean).join("; ");
      return this.end([{ type: "error", error: detail || ERROR_RESULTS[message.subtype] || `Claude Code ended with ${message.subtype}.` }]);
    }
    if (message.is_error) return this.end([{ type: "error", error: message.result || "Claude Code reported an error without a message." }]);
    const usage = { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
    if (this.options.kind === "object") {
      if (message.structured_output === undefined) {
        return this.end([{ type: "error", error: "Claude ended without the structured output the object prompt asks for." }]);
      }
      return this.end([{ type: "object-final", value: message.structured_output }, finishEvent("stop", usage)]);
    }
    const reason = message.stop_reason ? (FINISH_REASONS[message.stop_reason] ?? "other") : "stop";
    return this.end([finishEvent(reason, usage)]);
  }
}

type ToolResultBlock = Extract<SdkContentBlock, { type: "tool_result" }>;

function isToolResult(block: unknown): block is ToolResultBlock {
  const b = block as Partial<ToolResultBlock>;
  return b.type === "tool_result" && typeof b.tool_use_id === "string";
}

function resultText(content: unknown): unknown {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return content;
  return content.map((part: { type?: string; text?: string }) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}
