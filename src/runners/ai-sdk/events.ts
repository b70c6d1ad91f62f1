/**
 * AI SDK results → AgentMark agent events: stream parts and step content. Errors, usage and
 * redaction are the toolkit's.
 */
import type { ContentPart, TextStreamPart, ToolSet } from "ai";
import type { EnvVars } from "../../core/env";
import type { AgentEvent } from "../../protocol/agent-events";
import { safeErrorMessage } from "../toolkit/errors";
import { needsApprovalMessage } from "../toolkit/tool-refs";

export interface PartOptions {
  /** Forward text deltas (text prompts) or swallow them (object prompts parse them instead). */
  text: boolean;
  /** The deployment's environment: secret values are redacted from tool errors. */
  env: EnvVars;
}

/**
 * One stream part → at most one agent event. `finish`, `error` and `abort` are handled by the
 * caller (they end the run); everything else without an AgentMark counterpart is dropped.
 */
export function streamPartToEvent(part: TextStreamPart<ToolSet>, options: PartOptions): AgentEvent | undefined {
  switch (part.type) {
    case "text-delta":
      return options.text && part.text !== "" ? { type: "text-delta", text: part.text } : undefined;
    case "reasoning-delta":
      return part.text !== "" ? { type: "reasoning-delta", text: part.text } : undefined;
    case "tool-call":
      return { type: "tool-call", id: part.toolCallId, name: part.toolName, args: part.input };
    case "tool-result":
      if (part.preliminary) return undefined;
      return { type: "tool-result", id: part.toolCallId, name: part.toolName, result: part.output };
    case "tool-error":
      return { type: "tool-result", id: part.toolCallId, name: part.toolName, result: safeErrorMessage(part.error, options.env), isError: true };
    case "tool-approval-request":
      return { type: "error", error: needsApprovalMessage(part.toolCall.toolName) };
    default:
      return undefined;
  }
}

/** The ordered content of a finished step (non-streaming calls) → agent events. */
export function contentToEvents(content: ReadonlyArray<ContentPart<ToolSet>>, options: PartOptions): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const part of content) {
    switch (part.type) {
      case "text":
        if (options.text && part.text !== "") events.push({ type: "text-delta", text: part.text });
        break;
      case "reasoning":
        if (part.text !== "") events.push({ type: "reasoning-delta", text: part.text });
        break;
      case "tool-call":
        events.push({ type: "tool-call", id: part.toolCallId, name: part.toolName, args: part.input });
        break;
      case "tool-result":
        events.push({ type: "tool-result", id: part.toolCallId, name: part.toolName, result: part.output });
        break;
      case "tool-error":
        events.push({ type: "tool-result", id: part.toolCallId, name: part.toolName, result: safeErrorMessage(part.error, options.env), isError: true });
        break;
      case "tool-approval-request":
        events.push({ type: "error", error: needsApprovalMessage(part.toolCall.toolName) });
        break;
      default:
        break;
    }
  }
  return events;
}
