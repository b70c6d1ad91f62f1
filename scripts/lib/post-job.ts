/**
 * Signs a job with the local secret, posts it, and hands back each NDJSON line (or the
 * JSON body) as it arrives. Shared by `npm run send` and `npm run demo`.
 */
import { sign } from "../../src/crypto";

export interface PostResult {
  status: number;
  streaming: boolean;
  lines: unknown[];
  body?: unknown;
  elapsedMs: number;
}

export async function postJob(
  url: string,
  job: unknown,
  secret: string,
  onLine: (line: unknown, atMs: number) => void = () => {},
  tamper?: (body: string) => string,
): Promise<PostResult> {
  const started = performance.now();
  const body = JSON.stringify(job);
  const signature = await sign(secret, body);
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-agentmark-signature-256": signature },
    body: tamper ? tamper(body) : body,
  });
  const streaming = res.headers.get("agentmark-streaming") === "true";
  if (!streaming) {
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, streaming, lines: [], body: parsed, elapsedMs: performance.now() - started };
  }
  const lines: unknown[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      lines.push(line);
      onLine(line, performance.now() - started);
    }
  }
  return { status: res.status, streaming, lines, elapsedMs: performance.now() - started };
}
