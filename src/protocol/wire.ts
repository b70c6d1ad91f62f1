/**
 * AgentEvent → AgentMark wire shapes: NDJSON chunks (wire-chunks.json), non-streaming
 * envelopes (response-envelopes.json) and the `done` line (webhook-http.json).
 * Absence rules: unknown values are omitted, never null.
 */
import type { AgentEvent, AgentUsage } from "./agent-events";
import { usageToWire, type WireUsage } from "./usage";

export interface WireToolCall {
  toolCallId: string;
  toolName: string;
  args: unknown;
}
export interface WireToolResult {
  toolCallId: string;
  toolName: string;
  result: unknown;
}

export type WireChunk =
  | { type: "text"; result: string }
  | { type: "text"; toolCall: WireToolCall }
  | { type: "text"; toolResult: WireToolResult }
  | { type: "text"; finishReason: string; usage?: WireUsage }
  | { type: "object"; result: unknown }
  | { type: "object"; usage: WireUsage }
  | { type: "error"; error: string }
  | { type: "done"; traceId?: string };

export function textEventToWire(event: AgentEvent): WireChunk | null {
  switch (event.type) {
    case "text-delta":
      return { type: "text", result: event.text };
    case "tool-call":
      return { type: "text", toolCall: { toolCallId: event.id, toolName: event.name, args: event.args } };
    case "tool-result":
      return { type: "text", toolResult: { toolCallId: event.id, toolName: event.name, result: event.result } };
    case "finish":
      return event.usage
        ? { type: "text", finishReason: event.reason, usage: usageToWire(event.usage) }
        : { type: "text", finishReason: event.reason };
    case "error":
      return { type: "error", error: event.error };
    default:
      return null;
  }
}

export function objectEventToWire(event: AgentEvent): WireChunk | null {
  switch (event.type) {
    case "object-delta":
      return { type: "object", result: event.partial };
    case "object-final":
      return { type: "object", result: event.value };
    case "finish":
      return event.usage ? { type: "object", usage: usageToWire(event.usage) } : null;
    case "error":
      return { type: "error", error: event.error };
    default:
      return null;
  }
}

export function doneChunk(traceId: string): WireChunk {
  return { type: "done", traceId };
}

export interface TextEnvelopeArgs {
  result: string;
  usage?: AgentUsage;
  finishReason?: string;
  toolCalls?: WireToolCall[];
  toolResults?: WireToolResult[];
  traceId?: string;
}

export interface TextEnvelope {
  type: "text";
  result: string;
  usage?: WireUsage;
  finishReason?: string;
  toolCalls: WireToolCall[];
  toolResults: WireToolResult[];
  traceId?: string;
}

export function textEnvelope(args: TextEnvelopeArgs): TextEnvelope {
  const envelope: TextEnvelope = { type: "text", result: args.result, toolCalls: [], toolResults: [] };
  if (args.usage) envelope.usage = usageToWire(args.usage);
  if (args.finishReason !== undefined) envelope.finishReason = args.finishReason;
  envelope.toolCalls = args.toolCalls ?? [];
  envelope.toolResults = args.toolResults ?? [];
  if (args.traceId) envelope.traceId = args.traceId;
  return envelope;
}

export interface ObjectEnvelopeArgs {
  result?: unknown;
  usage?: AgentUsage;
  finishReason?: string;
  traceId?: string;
}

export interface ObjectEnvelope {
  type: "object";
  result?: unknown;
  usage?: WireUsage;
  finishReason?: string;
  traceId?: string;
}

export function objectEnvelope(args: ObjectEnvelopeArgs): ObjectEnvelope {
  const envelope: ObjectEnvelope = { type: "object" };
  if (args.result !== undefined) envelope.result = args.result;
  if (args.usage) envelope.usage = usageToWire(args.usage);
  if (args.finishReason !== undefined) envelope.finishReason = args.finishReason;
  if (args.traceId) envelope.traceId = args.traceId;
  return envelope;
}

export interface MediaEnvelope<K extends "image" | "speech", R> {
  type: K;
  result: R;
  traceId?: string;
}

export function mediaEnvelope<K extends "image" | "speech", R>(type: K, result: R, traceId?: string): MediaEnvelope<K, R> {
  return traceId ? { type, result, traceId } : { type, result };
}
