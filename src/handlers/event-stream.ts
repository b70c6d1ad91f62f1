/**
 * A runner's events as an NDJSON response. The first event is awaited before answering,
 * so a run that cannot start (bad key, unknown model) is a plain 500 `{message}`; after
 * that, failures travel in-band as one terminal `{"type":"error"}` line.
 */
import type { AgentEvent } from "../protocol/agent-events";
import { normalizeError } from "../protocol/errors";
import { ndjsonResponse } from "../protocol/ndjson";
import { doneChunk, type WireChunk } from "../protocol/wire";

export type EventMapper = (event: AgentEvent) => WireChunk | null;

async function* wireLines(
  first: IteratorResult<AgentEvent>,
  rest: AsyncIterator<AgentEvent>,
  toWire: EventMapper,
  traceId: string | undefined,
): AsyncGenerator<WireChunk> {
  try {
    let next = first;
    while (!next.done) {
      const chunk = toWire(next.value);
      if (chunk) yield chunk;
      if (next.value.type === "error") break; // terminal: nothing after an error
      next = await rest.next();
    }
  } catch (err) {
    yield { type: "error", error: normalizeError(err) };
  } finally {
    await rest.return?.();
  }
  if (traceId) yield doneChunk(traceId);
}

export async function streamEvents(
  events: AsyncIterable<AgentEvent>,
  toWire: EventMapper,
  cancelRun: (reason: unknown) => void,
  traceId?: string,
): Promise<Response> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  return ndjsonResponse(wireLines(first, iterator, toWire, traceId), cancelRun);
}
