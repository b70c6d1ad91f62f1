/**
 * Mastra results → AgentMark agent events: `fullStream` chunks (streamed runs) and the
 * steps of a `generate` result (one JSON answer). Errors, usage and redaction are the
 * toolkit's.
 */
import type { EnvVars } from "../../core/env";
import type { AgentEvent } from "../../protocol/agent-events";
import { safeErrorMessage } from "../toolkit";

export interface ChunkOptions {
  /** Forward text deltas (text prompts) or drop them (object prompts stream partial objects instead). */
  text: boolean;
  env: EnvVars;
}

/** A Mastra stream chunk, as far as this runner reads it. */
export interface MastraChunk {
  type: string;
  payload?: Record<string, unknown>;
  object?: unknown;
}

const NEEDS_APPROVAL = (name: unknown) =>
  `Tool '${String(name)}' asks for approval or suspends (requireApproval / suspend), which a webhook run cannot give: change the tool or the agent in src/agentmark.config.ts.`;

/** The text of a tool failure: Mastra wraps it (`TOOL_EXECUTION_FAILED`) with the original as `cause`. */
function toolErrorText(error: unknown, env: EnvVars): string {
  const cause = typeof error === "object" && error !== null ? (error as { cause?: unknown }).cause : undefined;
  return safeErrorMessage(cause ?? error, env);
}

/**
 * One chunk → at most one agent event. `error`, `abort`, `tripwire`, `finish` and
 * `object-result` end or close the run and are handled by the caller.
 */
export function chunkToEvent(chunk: MastraChunk, options: ChunkOptions): AgentEvent | undefined {
  const p = chunk.payload ?? {};
  switch (chunk.type) {
    case "text-delta":
      return options.text && typeof p.text === "string" && p.text !== "" ? { type: "text-delta", text: p.text } : undefined;
    case "reasoning-delta":
      return typeof p.text === "string" && p.text !== "" ? { type: "reasoning-delta", text: p.text } : undefined;
    case "tool-call":
      return { type: "tool-call", id: String(p.toolCallId), name: String(p.toolName), args: p.args };
    case "tool-result":
      if (p.isError === true) return { type: "tool-result", id: String(p.toolCallId), name: String(p.toolName), result: toolErrorText(p.result, options.env), isError: true };
      return { type: "tool-result", id: String(p.toolCallId), name: String(p.toolName), result: p.result };
    case "tool-error":
      return { type: "tool-result", id: String(p.toolCallId), name: String(p.toolName), result: toolErrorText(p.error, options.env), isError: true };
    case "tool-call-approval":
    case "tool-call-suspended":
      return { type: "error", error: NEEDS_APPROVAL(p.toolName) };
    case "object":
      return { type: "object-delta", partial: chunk.object };
    default:
      return undefined;
  }
}

/** A step's content part of a `generate` result, as far as this runner reads it. */
interface ContentPart {
  type: string;
  text?: string;
  toolCallId?: string;
  toolName?: string;
  input?: unknown;
  output?: { type?: string; value?: unknown };
}

/** The ordered content of a finished step → agent events. Tool outputs are unwrapped (`{ type: "json", value }`). */
export function stepToEvents(content: readonly ContentPart[], options: ChunkOptions): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const part of content) {
    switch (part.type) {
      case "text":
        if (options.text && part.text) events.push({ type: "text-delta", text: part.text });
        break;
      case "reasoning":
        if (part.text) events.push({ type: "reasoning-delta", text: part.text });
        break;
      case "tool-call":
        events.push({ type: "tool-call", id: String(part.toolCallId), name: String(part.toolName), args: part.input });
        break;
      case "tool-result": {
        const failed = typeof part.output?.type === "string" && part.output.type.startsWith("error");
        const value = part.output?.value;
        events.push(
          failed
            ? { type: "tool-result", id: String(part.toolCallId), name: String(part.toolName), result: safeErrorMessage(value, options.env), isError: true }
            : { type: "tool-result", id: String(part.toolCallId), name: String(part.toolName), result: value },
        );
        break;
      }
      case "tool-error":
        events.push({ type: "tool-result", id: String(part.toolCallId), name: String(part.toolName), result: safeErrorMessage((part as { error?: unknown }).error, options.env), isError: true });
        break;
      default:
        break;
    }
  }
  return events;
}
