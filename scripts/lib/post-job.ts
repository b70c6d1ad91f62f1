/**
 * Signs a job with the local secret, posts it, and hands back each NDJSON line (or the
 * JSON body) as it arrives. Shared by `npm run send` and `npm run demo`.
 */
import { sign } from "../../src/crypto";

/** The request never got an answer (nothing listening, wrong host, connection cut). */
export class ConnectError extends Error {
  override readonly name = "ConnectError";
}

export function describeFetchFailure(url: string, err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return `could not connect to ${url} — is npm run dev running?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `could not connect to ${url}: the host name does not resolve`;
    default:
      return `could not connect to ${url}: ${cause?.message ?? (err as Error).message}`;
  }
}

export interface PostResult {
  status: number;
  streaming: boolean;
  lines: unknown[];
  body?: unknown;
  elapsedMs: number;
  /** Set when the stream broke off before its end (the server went away). */
  interrupted?: string;
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
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-agentmark-signature-256": signature },
      body: tamper ? tamper(body) : body,
    });
  } catch (err) {
    throw new ConnectError(describeFetchFailure(url, err));
  }
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
  let interrupted: string | undefined;
  try {
    for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        emit(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
      }
    }
  } catch (err) {
    interrupted = `the stream from ${url} broke off: ${(err as { cause?: Error }).cause?.message ?? (err as Error).message}`;
  }
  if (buffer.trim() !== "") emit(buffer); // an unterminated last line (a cut-off stream)
  return { status: res.status, streaming, lines, elapsedMs: performance.now() - started, ...(interrupted ? { interrupted } : {}) };
}
