/**
 * NDJSON streams: one `JSON.stringify(chunk) + "\n"` per chunk, encoded to bytes and
 * handed to the runtime one by one as the source produces them (pull-based, so nothing is
 * batched and a slow reader applies back-pressure). Cancelling the stream (the client
 * went away) calls `onCancel` and closes the source iterator. The HTTP response around it
 * is built in `handlers/ndjson-response.ts`.
 */
const encoder = new TextEncoder();

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
  let json: string;
  try {
    json = JSON.stringify(chunk);
  } catch (err) {
    json = JSON.stringify({ type: "error", error: `A line could not be encoded as JSON: ${(err as Error).message}` });
  }
  return encoder.encode(json + "\n");
}

export function ndjsonStream(
  chunks: AsyncIterable<unknown>,
  onCancel?: (reason: unknown) => void,
  observer?: StreamObserver,
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await iterator.next();
          if (next.done) {
            controller.close();
            observer?.end("completed");
          } else {
            controller.enqueue(encodeLine(next.value));
            observer?.line(next.value);
          }
        } catch (err) {
          controller.error(err);
          observer?.end("failed");
        }
      },
      async cancel(reason) {
        onCancel?.(reason);
        observer?.end("cancelled");
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
