/**
 * Canonical agent events: what every runner yields for text and object prompts.
 * Exactly the variants of AgentMark's `protocol-catalog.json` (`agentEvents`).
 */
export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens?: number;
}

export type AgentEvent =
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  | { type: "tool-call"; id: string; name: string; args?: unknown }
  | { type: "tool-result"; id: string; name: string; result?: unknown; isError?: boolean }
  | { type: "object-delta"; partial: unknown }
  | { type: "object-final"; value: unknown }
  | { type: "finish"; reason: string; usage?: AgentUsage }
  | { type: "error"; error: string };

export type AgentEventType = AgentEvent["type"];
