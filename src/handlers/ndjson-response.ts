import { ndjsonStream } from "../protocol/ndjson";

export const STREAM_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "application/x-ndjson",
  "AgentMark-Streaming": "true",
  // wrangler dev (and some proxies) buffer compressed streams; NDJSON must flow line by line.
  "Content-Encoding": "identity",
  "Cache-Control": "no-store",
};

/** A 200 NDJSON response over `chunks`, flushed line by line; `onCancel` runs when the client goes away. */
export function ndjsonResponse(chunks: AsyncIterable<unknown>, onCancel?: (reason: unknown) => void): Response {
  return new Response(ndjsonStream(chunks, onCancel), { status: 200, headers: STREAM_HEADERS });
}
