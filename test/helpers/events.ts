/** A runner's agent events, collected, and the text they carry: shared by the runner tests. */
import type { AgentEvent } from "../../src/protocol/agent-events";

export async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export function textOf(events: readonly AgentEvent[]): string {
  return events.map((e) => (e.type === "text-delta" ? e.text : "")).join("");
}
