/**
 * A runner's events as an NDJSON response. The first event is awaited before answering,
 * so a run that cannot start (bad key, unknown model) is a plain 500 `{message}`; after
 * that, failures travel in-band as one terminal `{"type":"error"}` line.
 */
import type { AgentEvent } from "../protocol/agent-events";
import { normalizeError } from "../protocol/errors";
import { ndjsonResponse } from "./ndjson-response";
import { doneChunk, type WireChunk } from "../protocol/wire";

export type EventMapper = (event: AgentEvent) => WireChunk | null;

export type Redactor = (text: string) => string;

async function* wireLines(
  first: IteratorResult<AgentEvent>,
  rest: AsyncIterator<AgentEvent>,
  toWire: EventMapper,
  traceId: string | undefined,
  redactError: Redactor,
): AsyncGenerator<WireChunk> {
  try {
    let next = first;
    while (!next.done) {
      const chunk = toWire(next.value);
      if (chunk?.type === "error") yield { type: "error", error: redactError(chunk.error) };
      else if (chunk) yield chunk;
      if (next.value.type === "error") break; // terminal: nothing after an error
      next = await rest.next();
    }
  } catch (err) {
    yield { type: "error", error: redactError(normalizeError(err)) };
  } finally {
    await rest.return?.();
  }
  if (traceId) yield doneChunk(traceId);
}

export interface StreamOptions {
  /** Aborts the run: the client went away. */
  cancelRun: (reason: unknown) => void;
  /** Appended as the `done` line when tracing is on. */
  traceId?: string;
  /** Applied to every in-band error text (secret values never reach the wire). */
  redactError?: Redactor;
}

export async function streamEvents(
  events: AsyncIterable<AgentEvent>,
  toWire: EventMapper,
  { cancelRun, traceId, redactError = (text) => text }: StreamOptions,
): Promise<Response> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  return ndjsonResponse(wireLines(first, iterator, toWire, traceId, redactError), (reason) => {
    cancelRun(reason);
    // Cancelled before the first read, the line generator never started and would never
    // close the runner's iterator (nor end its span): close it here; closing twice is harmless.
    void iterator.return?.();
  });
}
