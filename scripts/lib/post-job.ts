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
  // Like the AgentMark CLI: a line that is not JSON is shown as text, not a crash.
  const emit = (raw: string) => {
    let line: unknown = raw;
    try {
      line = JSON.parse(raw);
    } catch {
      // keep the raw text
    }
    lines.push(line);
    onLine(line, performance.now() - started);
  };
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      emit(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
    }
  }
  if (buffer.trim() !== "") emit(buffer); // an unterminated last line (a cut-off stream)
  return { status: res.status, streaming, lines, elapsedMs: performance.now() - started };
}
