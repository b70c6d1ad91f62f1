/**
 * NDJSON streams: one `JSON.stringify(chunk) + "\n"` per chunk, encoded to bytes and
 * handed to the runtime as the source produces them (pull-based, so a slow reader applies
 * back-pressure). Lines that are ready together, in the same tick, leave together as one
 * write; a line that has to wait for I/O or a timer (the next token of a real model) is never
 * held back for the ones after it. Cancelling the stream (the client went away) calls
 * `onCancel` and closes the source iterator. The HTTP response around it is built in
 * `handlers/ndjson-response.ts`.
 *
 * With `heartbeatMs`, a source that has produced nothing for that long gets one space sent
 * in its place (JSON whitespace: it becomes leading whitespace of the next line). workerd
 * notices a client that closed its connection only when it next writes to it (it does not
 * read the socket while answering), so without this write a run whose model is silent (a
 * stalled stream, a long reasoning phase) would go on, its upstream call open, for nobody.
 */
import { IdleTimer } from "../core/idle-timer";
import { NOT_YET, readySoon } from "../core/ready-soon";

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(" ");

export type StreamOutcome = "completed" | "cancelled" | "failed";

/** Sees every chunk as it is sent and how the stream ended (for the request's log line). */
export interface StreamObserver {
  line(chunk: unknown): void;
  end(outcome: StreamOutcome): void;
}

/**
 * One line. A chunk that cannot be serialised (nested too deep for the stack, a BigInt, a
 * cycle) becomes an error line instead of breaking the stream.
 */
export function encodeLine(chunk: unknown): Uint8Array {
  return encoder.encode(lineText(chunk));
}

function lineText(chunk: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(chunk);
  } catch (err) {
    json = JSON.stringify({ type: "error", error: `A line could not be encoded as JSON: ${(err as Error).message}` });
  }
  return json + "\n";
}

/** A batch is handed over once it is this long, ready lines or not. */
const MAX_BATCH_CHARS = 64 * 1024;

export function ndjsonStream(
  chunks: AsyncIterable<unknown>,
  onCancel?: (reason: unknown) => void,
  observer?: StreamObserver,
  heartbeatMs?: number,
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  /** A `next()` that was not ready when the last batch left: the next pull starts with it. */
  let pending: Promise<IteratorResult<unknown>> | undefined;
  const take = (chunk: unknown): string => {
    observer?.line(chunk);
    return lineText(chunk);
  };
  let heartbeat: IdleTimer | undefined;
  /** Set by cancel(): a pull still waiting then has nobody to hand its lines to (nor to log them for). */
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (heartbeatMs !== undefined) heartbeat = new IdleTimer(heartbeatMs, () => controller.enqueue(HEARTBEAT.slice()));
      },
      async pull(controller) {
        let text = "";
        let ended = false;
        let failure: { error: unknown } | undefined;
        try {
          const waiting = pending ?? iterator.next();
          // Only a wait that outlasts the tick can need a heartbeat: a line that is already
          // there (a local model, a run's first event) arms no timer.
          let first = heartbeat && !pending ? await readySoon(waiting) : NOT_YET;
          if (first === NOT_YET) {
            heartbeat?.startWaiting();
            try {
              first = await waiting;
            } finally {
              heartbeat?.stopWaiting();
            }
          }
          if (cancelled) return;
          pending = undefined;
          if (first.done) ended = true;
          else text = take(first.value);
          while (!ended && text.length < MAX_BATCH_CHARS) {
            const upcoming = iterator.next();
            const ready = await readySoon(upcoming);
            if (cancelled) return;
            if (ready === NOT_YET) {
              pending = upcoming;
              break;
            }
            if (ready.done) ended = true;
            else text += take(ready.value);
          }
        } catch (err) {
          failure = { error: err };
        }
        // Lines produced before a failure still go out, then the stream errors.
        if (text !== "") controller.enqueue(encoder.encode(text));
        if (failure || ended) heartbeat?.stop();
        if (failure) {
          controller.error(failure.error);
          observer?.end("failed");
        } else if (ended) {
          controller.close();
          observer?.end("completed");
        }
      },
      async cancel(reason) {
        cancelled = true;
        heartbeat?.stop();
        onCancel?.(reason);
        observer?.end("cancelled");
        if (pending) {
          // The source is still producing the line after the last batch: its return() would
          // wait for that line, and a source that ignores onCancel would hold the cancel forever.
          // It closes once that line comes; nothing reads it.
          pending.then(() => iterator.return?.(), () => {}).catch(() => {});
          pending = undefined;
          return;
        }
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
