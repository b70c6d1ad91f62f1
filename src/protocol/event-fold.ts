/**
 * What a run's events add up to: the text so far, the object (final value, else the last
 * partial), tool calls and results, usage and finish reason. Shared by the non-streaming
 * envelopes and by the telemetry that records a run's output.
 */
import type { AgentEvent, AgentUsage } from "./agent-events";
import type { WireToolCall, WireToolResult } from "./wire";

export class EventFold {
  text = "";
  usage: AgentUsage | undefined;
  finishReason: string | undefined;
  readonly toolCalls: WireToolCall[] = [];
  readonly toolResults: WireToolResult[] = [];
  private final: { value: unknown } | undefined;
  private lastPartial: unknown;

  add(event: AgentEvent): void {
    switch (event.type) {
      case "text-delta":
        this.text += event.text;
        break;
      case "tool-call":
        this.toolCalls.push({ toolCallId: event.id, toolName: event.name, args: event.args });
        break;
      case "tool-result":
        this.toolResults.push({ toolCallId: event.id, toolName: event.name, result: event.result });
        break;
      case "object-delta":
        this.lastPartial = event.partial;
        break;
      case "object-final":
        this.final = { value: event.value };
        break;
      case "finish":
        this.finishReason = event.reason;
        this.usage = event.usage;
        break;
    }
  }

  /** The object result: the final value, else the last partial (spec §5.2). */
  get object(): unknown {
    return this.final ? this.final.value : this.lastPartial;
  }

  output(kind: "text" | "object"): unknown {
    return kind === "text" ? this.text : this.object;
  }
}
