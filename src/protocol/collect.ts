/**
 * Folds a runner's event stream into the non-streaming envelopes (spec §5.2):
 * text = all deltas joined, tools collected; object = the final value, else the last
 * partial. An `error` event (or a throw) fails the run (`RunFailedError`).
 */
import type { AgentEvent } from "./agent-events";
import { RunFailedError } from "./errors";
import { EventFold } from "./event-fold";
import type { ObjectEnvelopeArgs, TextEnvelopeArgs } from "./wire";

async function fold(events: AsyncIterable<AgentEvent>): Promise<EventFold> {
  const folded = new EventFold();
  for await (const event of events) {
    if (event.type === "error") throw new RunFailedError(event.error);
    folded.add(event);
  }
  return folded;
}

export async function collectText(events: AsyncIterable<AgentEvent>): Promise<TextEnvelopeArgs> {
  const { text, usage, finishReason, toolCalls, toolResults } = await fold(events);
  return { result: text, usage, finishReason, toolCalls, toolResults };
}

export async function collectObject(events: AsyncIterable<AgentEvent>): Promise<ObjectEnvelopeArgs> {
  const folded = await fold(events);
  return { result: folded.object, usage: folded.usage, finishReason: folded.finishReason };
}
