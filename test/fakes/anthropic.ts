/**
 * Fake Anthropic Messages API under `/anthropic/v1/...`, speaking the wire format the
 * Claude Code executable (and `@anthropic-ai/sdk`) parses: point `ANTHROPIC_BASE_URL` at
 * `<fakes origin>/anthropic`.
 *
 *   POST /anthropic/v1/messages   JSON, or SSE when `stream: true`: message_start, ping,
 *                                 content_block_start / _delta (text_delta, input_json_delta,
 *                                 thinking_delta) / _stop, message_delta (stop_reason, usage),
 *                                 message_stop. Errors are `{ type: "error", error: {type, message} }`.
 *
 * Anything else under `/anthropic` is answered 404 and recorded in `state.unexpected`, so a
 * test sees every call the executable makes besides the model call.
 *
 * Behaviour is driven by the request only (test files run in parallel):
 * - model flags, joined with `+` (e.g. `claude-fake+paced`): `fail-400`, `fail-401` (echoes
 *   the x-api-key, to test redaction), `fail-429` (`retry-after: 0`), `fail-500`, `fail-529`
 *   (overloaded), `cut-stream` (two text deltas, then the socket is destroyed;
 *   a non-streaming request gets no answer at all), `stream-error`
 *   (an in-band `error` event after one delta), `paced` (deltas 30 ms apart), `slow-tokens`
 *   (200 deltas, 50 ms apart), `tool-loop` (calls a tool on every turn), `thinking` (a
 *   thinking block before the answer).
 * - markers in the prompt's user text: `[[say:TEXT]]`, `[[json:{...}]]` (the structured
 *   output; otherwise synthesised from the schema), `[[call:NAME {"arg":1}]]` (one tool call
 *   per marker; with tools offered and no marker, the first tool is called with arguments
 *   synthesised from its schema). Once the last message carries tool results, the answer is
 *   `Tool said: <outputs>`. `[[gate:ID]]` holds the answer after its first text delta (with
 *   `cut-stream`: before the cut) until `POST /anthropic/_gate/ID` arrives, so a test can see
 *   a line reach its client while the model is still answering, without timing anything.
 * Structured output: Claude Code offers a `StructuredOutput` tool whose input schema is the
 * requested JSON schema; the fake answers by calling it.
 * Aborted requests (client gone before the answer ended) are recorded in `state.aborted`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { flags, markers, synthesize } from "./behaviour";
import { registerFakeRoute, type FakeState } from "./server";

export const ANTHROPIC_USAGE = { input: 11, output: 7 };
export const STRUCTURED_OUTPUT_TOOL = "StructuredOutput";

type Json = Record<string, any>;

/**
 * Answers held at a delta, by gate id, until the test opens the gate: the n-th request with an
 * id waits for the n-th `POST /anthropic/_gate/<id>` (a retried request waits for its own).
 */
const gates = new Map<string, { requests: number; opened: number; waiting: Array<{ n: number; go: () => void }> }>();

function gateOf(id: string) {
  let entry = gates.get(id);
  if (!entry) gates.set(id, (entry = { requests: 0, opened: 0, waiting: [] }));
  return entry;
}

/** This request's turn at the gate: resolves once the gate was opened as many times as requests came. */
function passGate(id: string): Promise<void> {
  const entry = gateOf(id);
  const n = ++entry.requests;
  if (entry.opened >= n) return Promise.resolve();
  return new Promise((go) => entry.waiting.push({ n, go }));
}

function openGate(id: string): void {
  const entry = gateOf(id);
  entry.opened++;
  for (const waiter of entry.waiting.filter((w) => w.n <= entry.opened)) waiter.go();
  entry.waiting = entry.waiting.filter((w) => w.n > entry.opened);
}

interface Call {
  name: string;
  input: string;
}

interface Plan {
  thinking?: string;
  text?: string;
  calls: Call[];
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_fake${Date.now().toString(36)}${(++counter).toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function blocksOf(content: unknown): Json[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content : [];
}

function textOfResult(content: unknown): string {
  return blocksOf(content)
    .map((b) => (b.type === "text" ? String(b.text) : ""))
    .join("");
}

export interface MessagesRequest {
  model: string;
  /** The user's text: every text block of user messages (Claude Code adds its own `system` messages). */
  userText: string;
  /** Outputs of the tool results in the last message (empty when it carries none). */
  toolResults: string[];
  /** Tools the model may call (deferred placeholders left out). */
  tools: Array<{ name: string; input_schema?: Json }>;
}

export function normalizeMessages(body: Json): MessagesRequest {
  const messages: Json[] = Array.isArray(body.messages) ? body.messages : [];
  const userText = messages
    .filter((m) => m.role === "user")
    .flatMap((m) => blocksOf(m.content))
    .filter((b) => b.type === "text" && !String(b.text).startsWith("<system-reminder>"))
    .map((b) => String(b.text))
    .join("\n");
  const last = messages[messages.length - 1];
  const toolResults =
    last?.role === "user" ? blocksOf(last.content).filter((b) => b.type === "tool_result").map((b) => textOfResult(b.content)) : [];
  const tools = (Array.isArray(body.tools) ? body.tools : []).filter((t: Json) => !t.defer_loading && typeof t.name === "string");
  return { model: String(body.model), userText, toolResults, tools };
}

function plan(req: MessagesRequest): Plan {
  const f = flags(req.model);
  const thinking = f.has("thinking") ? "Let me think about this." : undefined;
  const structured = req.tools.find((t) => t.name === STRUCTURED_OUTPUT_TOOL);
  const callable = req.tools.filter((t) => t.name !== STRUCTURED_OUTPUT_TOOL);
  const wanted = markers(req.userText, "call");
  const toolTurn = req.toolResults.length === 0 || f.has("tool-loop");
  if (toolTurn && callable.length > 0 && (wanted.length > 0 || !structured)) {
    const calls = wanted.length
      ? wanted.map((m) => {
          const space = m.indexOf(" ");
          return space < 0 ? { name: m, input: "{}" } : { name: m.slice(0, space), input: m.slice(space + 1).trim() };
        })
      : [{ name: callable[0]!.name, input: JSON.stringify(synthesize(callable[0]!.input_schema) ?? {}) }];
    // Claude Code names MCP tools `mcp__<server>__<tool>`; a marker may use the bare name.
    for (const call of calls) call.name = callable.find((t) => t.name === call.name || t.name.endsWith(`__${call.name}`))?.name ?? call.name;
    return { thinking, calls };
  }
  if (structured) {
    const json = markers(req.userText, "json")[0] ?? JSON.stringify(synthesize(structured.input_schema));
    return { thinking, calls: [{ name: STRUCTURED_OUTPUT_TOOL, input: json }] };
  }
  if (req.toolResults.length) return { thinking, text: `Tool said: ${req.toolResults.join(", ")}`, calls: [] };
  return { thinking, text: markers(req.userText, "say")[0] ?? `Hello from ${req.model}: ${req.userText}`, calls: [] };
}

function contentOf(p: Plan): Json[] {
  const content: Json[] = [];
  if (p.thinking) content.push({ type: "thinking", thinking: p.thinking, signature: "fake-signature" });
  if (p.text !== undefined) content.push({ type: "text", text: p.text });
  for (const call of p.calls) content.push({ type: "tool_use", id: nextId("toolu"), name: call.name, input: JSON.parse(call.input) });
  return content;
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Json = {}): void {
  res.writeHead(status, { "content-type": "application/json", "request-id": nextId("req"), ...headers });
  res.end(JSON.stringify(value));
}

function apiError(res: ServerResponse, status: number, type: string, message: string, headers: Json = {}): true {
  sendJson(res, status, { type: "error", error: { type, message }, request_id: nextId("req") }, headers);
  return true;
}

/** HTTP-level failures chosen by model flags; true when the request was answered with one. */
function failure(req: IncomingMessage, res: ServerResponse, model: string, stream: boolean): boolean {
  const f = flags(model);
  if (f.has("fail-400")) return apiError(res, 400, "invalid_request_error", "max_tokens: must be less than or equal to 64000");
  if (f.has("fail-401")) {
    const key = String(req.headers["x-api-key"] ?? "");
    return apiError(res, 401, "authentication_error", `invalid x-api-key: ${key}`);
  }
  if (f.has("fail-429")) {
    return apiError(res, 429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit.", { "retry-after": "0" });
  }
  if (f.has("fail-500")) return apiError(res, 500, "api_error", "Internal server error");
  if (f.has("fail-529")) return apiError(res, 529, "overloaded_error", "Overloaded");
  if (f.has("cut-stream") && !stream) {
    req.socket.destroy();
    return true;
  }
  return false;
}

class Sse {
  closed = false;
  constructor(private readonly res: ServerResponse) {
    res.on("close", () => (this.closed = true));
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": nextId("req") });
  }
  send(data: Json): void {
    if (!this.closed) this.res.write(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
  }
  end(): void {
    if (!this.closed) this.res.end();
  }
  /** Drops the connection without finishing the body (after flushing what was sent). */
  async destroy(): Promise<void> {
    await sleep(30);
    this.closed = true;
    this.res.socket?.destroy();
  }
}

async function pace(model: string, i: number): Promise<void> {
  const f = flags(model);
  if (f.has("slow-tokens")) await sleep(50);
  else if (f.has("paced")) await sleep(30);
  else if (i % 4 === 3) await new Promise((r) => setImmediate(r));
}

function pieces(text: string, size?: number): string[] {
  if (size) return text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [""];
  return text.match(/\S+\s*|\s+/g) ?? [""];
}

async function stream(res: ServerResponse, body: Json, p: Plan, label: string, state: FakeState): Promise<void> {
  const model = String(body.model);
  const f = flags(model);
  const sse = new Sse(res);
  res.on("close", () => {
    if (!res.writableFinished && !f.has("cut-stream")) state.aborted.push(label);
  });
  const message = { id: nextId("msg"), type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null };
  sse.send({ type: "message_start", message: { ...message, usage: { input_tokens: ANTHROPIC_USAGE.input, output_tokens: 1 } } });
  sse.send({ type: "ping" });
  let index = 0;
  if (p.thinking) {
    sse.send({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } });
    for (const [i, delta] of pieces(p.thinking).entries()) {
      sse.send({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: delta } });
      await pace(model, i);
    }
    sse.send({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: "fake-signature" } });
    sse.send({ type: "content_block_stop", index });
    index++;
  }
  if (p.text !== undefined) {
    const deltas = f.has("slow-tokens") ? Array.from({ length: 200 }, (_, i) => `t${i} `) : pieces(p.text);
    sse.send({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
    const gateId = markers(normalizeMessages(body).userText, "gate")[0];
    for (const [i, delta] of deltas.entries()) {
      if (sse.closed) return;
      // A gated answer waits after its first delta; a gated cut waits after the two deltas it sends.
      if (gateId && i === (f.has("cut-stream") ? 2 : 1)) await Promise.race([passGate(gateId), new Promise((r) => res.once("close", r))]);
      if (i === 2 && f.has("cut-stream")) return sse.destroy();
      if (i === 1 && f.has("stream-error")) {
        sse.send({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
        return sse.end();
      }
      sse.send({ type: "content_block_delta", index, delta: { type: "text_delta", text: delta } });
      await pace(model, i);
    }
    sse.send({ type: "content_block_stop", index });
    index++;
  }
  for (const call of p.calls) {
    sse.send({ type: "content_block_start", index, content_block: { type: "tool_use", id: nextId("toolu"), name: call.name, input: {} } });
    for (const [i, delta] of pieces(call.input, 6).entries()) {
      if (sse.closed) return;
      sse.send({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: delta } });
      await pace(model, i);
    }
    sse.send({ type: "content_block_stop", index });
    index++;
  }
  const stopReason = p.calls.length ? "tool_use" : "end_turn";
  sse.send({ type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: ANTHROPIC_USAGE.output } });
  sse.send({ type: "message_stop" });
  sse.end();
}

registerFakeRoute(async (req, res, raw, state) => {
  const url = req.url ?? "";
  if (!url.startsWith("/anthropic/")) return false;
  const path = url.slice("/anthropic".length).split("?")[0]!;
  const opened = /^\/_gate\/([\w-]+)$/.exec(path);
  if (req.method === "POST" && opened) {
    openGate(opened[1]!);
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (req.method !== "POST" || path !== "/v1/messages") {
    state.unexpected.push(`${req.method} ${url}`);
    apiError(res, 404, "not_found_error", `Not found: ${req.method} ${path}`);
    return true;
  }
  let body: Json;
  try {
    body = JSON.parse(raw || "{}");
  } catch {
    return apiError(res, 400, "invalid_request_error", "The request body is not valid JSON.");
  }
  const model = String(body.model ?? "");
  const normalized = normalizeMessages(body);
  const label = `/v1/messages model=${model} ${normalized.userText}`;
  if (failure(req, res, model, Boolean(body.stream))) return true;
  const p = plan(normalized);
  if (body.stream) {
    await stream(res, body, p, label, state);
    return true;
  }
  sendJson(res, 200, {
    id: nextId("msg"),
    type: "message",
    role: "assistant",
    model,
    content: contentOf(p),
    stop_reason: p.calls.length ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: { input_tokens: ANTHROPIC_USAGE.input, output_tokens: ANTHROPIC_USAGE.output },
  });
  return true;
});
