/**
 * A runner's events as an NDJSON response. The first event is awaited before answering, so
 * a caller's mistake found while starting (an invalid prompt: a 4xx) is still a plain
 * `{message}` answer — for up to `heartbeatMs`: a first event that takes longer (a model slow
 * to its first token) is waited for inside the started stream, whose heartbeat lets workerd
 * notice a client that leaves meanwhile (it notices one only when it writes to it). Every
 * other failure, from the first event on, travels in-band: `200`, the NDJSON headers, one
 * terminal `{"type":"error"}` line, then `done` when traced, the way AgentMark's own runner answers.
 */
import type { AgentEvent } from "../protocol/agent-events";
import { NOT_YET, settledWithin } from "../core/ready-soon";
import { normalizeError } from "../protocol/errors";
import { isCallerError } from "./errors";
import { ndjsonResponse, type StreamWatcher } from "./ndjson-response";
import { doneChunk, type WireChunk } from "../protocol/wire";

export type EventMapper = (event: AgentEvent) => WireChunk | null;

export type Redactor = (text: string) => string;

async function* wireLines(
  first: IteratorResult<AgentEvent> | Promise<IteratorResult<AgentEvent>>,
  rest: AsyncIterator<AgentEvent>,
  toWire: EventMapper,
  traceId: string | undefined,
  redactError: Redactor,
  describeError: (err: unknown) => string,
): AsyncGenerator<WireChunk> {
  try {
    let next = await first;
    while (!next.done) {
      const chunk = toWire(next.value);
      if (chunk?.type === "error") yield { type: "error", error: redactError(chunk.error) };
      else if (chunk) yield chunk;
      if (next.value.type === "error") break; // terminal: nothing after an error
      next = await rest.next();
    }
  } catch (err) {
    yield { type: "error", error: redactError(describeError(err)) };
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
  /** The text of a thrown failure (default: AgentMark's normalize-error rules). */
  describeError?: (err: unknown) => string;
  /** Sees every line and the end of the stream (the request's summary). */
  watcher?: StreamWatcher;
  /** A space is sent after this long without a line (`limits.timeouts.heartbeatMs`). */
  heartbeatMs: number;
}

export async function streamEvents(
  events: AsyncIterable<AgentEvent>,
  toWire: EventMapper,
  { cancelRun, traceId, redactError = (text) => text, describeError = normalizeError, watcher, heartbeatMs }: StreamOptions,
): Promise<Response> {
  const iterator = events[Symbol.asyncIterator]();
  const firstNext = iterator.next();
  let first: IteratorResult<AgentEvent> | Promise<IteratorResult<AgentEvent>>;
  try {
    const settled = await settledWithin(firstNext, heartbeatMs);
    first = settled === NOT_YET ? firstNext : settled;
  } catch (err) {
    if (isCallerError(err)) throw err;
    first = { done: false, value: { type: "error", error: describeError(err) } };
  }
  return ndjsonResponse(
    wireLines(first, iterator, toWire, traceId, redactError, describeError),
    (reason) => {
      cancelRun(reason);
      // Cancelled before the first read, the line generator never started and would never
      // close the runner's iterator (nor end its span): close it here; closing twice is harmless.
      void iterator.return?.();
    },
    watcher,
    heartbeatMs,
  );
}
