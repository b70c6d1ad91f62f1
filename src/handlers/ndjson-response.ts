import { ndjsonStream, type StreamObserver } from "../protocol/ndjson";

export const STREAM_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "application/x-ndjson",
  "AgentMark-Streaming": "true",
  // wrangler dev (and some proxies) buffer compressed streams; NDJSON must flow line by line.
  "Content-Encoding": "identity",
  "Cache-Control": "no-store",
};

/** Something that watches a response's stream to its end: the request's summary. */
export interface StreamWatcher {
  observeStream(): StreamObserver;
}

/**
 * A 200 NDJSON response over `chunks`, flushed line by line; `onCancel` runs when the client
 * goes away; `watcher` sees every line and the end (so the request is logged when it really ends);
 * a space is sent after each `heartbeatMs` without a line (`limits.timeouts.heartbeatMs`).
 */
export function ndjsonResponse(
  chunks: AsyncIterable<unknown>,
  onCancel: ((reason: unknown) => void) | undefined,
  watcher: StreamWatcher | undefined,
  heartbeatMs: number,
): Response {
  return new Response(ndjsonStream(chunks, onCancel, watcher?.observeStream(), heartbeatMs), { status: 200, headers: STREAM_HEADERS });
}
