/**
 * Fake OpenAI-compatible API under `/openai/v1/...`, speaking the real wire formats that
 * `@ai-sdk/openai@4` parses (shapes taken from its dist/index.js schemas):
 *
 *   POST /openai/v1/responses          Responses API, JSON or SSE (`stream: true`)
 *   POST /openai/v1/chat/completions   Chat Completions, JSON or SSE (`data: [DONE]`)
 *   POST /openai/v1/images/generations `{ data: [{ b64_json }] }` (a 1×1 PNG)
 *   POST /openai/v1/audio/speech       binary audio (mp3 with an ID3 header, or wav)
 *
 * Behaviour is driven by the request only (test files run in parallel):
 * - model id flags, joined with `+` (e.g. `no-total+slow-tokens`):
 *   `fail-400`, `fail-401` (echoes the bearer token, to test redaction), `fail-429`
 *   (with `retry-after-ms: 1`), `fail-500`, `not-json` (HTML body with status 200),
 *   `drop-connection` (socket destroyed before any response),
 *   `disconnect-mid-stream` (two deltas, then the socket is destroyed), `malformed-stream`
 *   (an SSE line that is not JSON), `stream-error` (an in-band `error` event / `response.failed`),
 *   `slow-tokens` (one delta every 50 ms, up to 10 s),
 *   `no-answer` or `hang` (never answers, both APIs: no headers, no body, until the client goes away),
 *   `stall` (streams: the first delta, then nothing until the client goes away),
 *   `lockstep` (streams in step with the client: delta n+1 is sent only once the client has
 *   reported, with `POST /openai/lockstep/<KEY>/<n>`, that it received n lines; KEY is the
 *   text of a `[[lockstep:KEY]]` marker. A buffering server never lets the client see line 1,
 *   so the stream stalls instead of completing; a client that stops reporting stalls it too),
 *   `endless` (Responses API: after the answer, deltas `more0 `, `more1 `, … until the client goes away),
 *   `no-total` (usage without `total_tokens`), `no-usage` (no usage at all, Chat only).
 * - markers in the last user message: `[[say:TEXT]]` (answer text), `[[json:{...}]]` (answer
 *   JSON for structured output; otherwise synthesised from the request's schema),
 *   `[[call:NAME {"arg":1}]]` (one function call per marker; when tools are offered and no
 *   marker is present the first tool is called with arguments synthesised from its schema).
 *   Once the request carries a tool result, the answer is `Tool said: <outputs>` (or JSON).
 * Aborted requests (client gone before the answer ended) are recorded in `state.aborted`
 * as `"<path> model=<model> <last user text>"`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { flags, markers as markerAll, synthesize } from "./behaviour";
import { registerFakeRoute, type FakeState } from "./server";

export const FAKE_PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
export const FAKE_USAGE = { input: 11, output: 7 };

type Json = Record<string, any>;

interface Call {
  name: string;
  args: string;
}

interface Plan {
  /** Text or JSON text the assistant answers with (absent when it calls tools). */
  text?: string;
  calls: Call[];
  structured: boolean;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(++counter).toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((p: Json) => (typeof p?.text === "string" ? p.text : ""))
      .filter(Boolean)
      .join(" ");
  }
  return "";
}

interface Normalized {
  model: string;
  lastUser: string;
  toolOutputs: string[];
  tools: Array<{ name: string; parameters?: Json }>;
  schema?: Json;
}

function plan(req: Normalized): Plan {
  const structured = req.schema !== undefined;
  const jsonMarker = markerAll(req.lastUser, "json")[0];
  const answer = () => {
    if (structured) return jsonMarker ?? JSON.stringify(synthesize(req.schema));
    if (req.toolOutputs.length) return `Tool said: ${req.toolOutputs.join(", ")}`;
    return markerAll(req.lastUser, "say")[0] ?? `Hello from ${req.model}: ${req.lastUser}`;
  };
  if (req.toolOutputs.length || req.tools.length === 0) return { text: answer(), calls: [], structured };
  const markers = markerAll(req.lastUser, "call");
  if (markers.length) {
    return {
      calls: markers.map((m) => {
        const space = m.indexOf(" ");
        return space < 0 ? { name: m, args: "{}" } : { name: m.slice(0, space), args: m.slice(space + 1).trim() };
      }),
      structured,
    };
  }
  const first = req.tools[0]!;
  return { calls: [{ name: first.name, args: JSON.stringify(synthesize(first.parameters) ?? {}) }], structured };
}

/** Splits text into deltas: words (text) or 6-character slices (JSON, to exercise partials). */
function deltas(text: string, structured: boolean): string[] {
  if (structured) return text.match(/[\s\S]{1,6}/g) ?? [""];
  return text.match(/\S+\s*|\s+/g) ?? [""];
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Json = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
}

/** Shared failure modes; returns true when the request was answered with a failure. */
function failure(req: IncomingMessage, res: ServerResponse, model: string, label: string, state: FakeState): boolean {
  const f = flags(model);
  const error = (status: number, message: string, type: string, code: string | null, headers: Json = {}) => {
    sendJson(res, status, { error: { message, type, param: null, code } }, headers);
    return true;
  };
  if (f.has("fail-400")) return error(400, "Invalid value for 'temperature': must be between 0 and 2.", "invalid_request_error", "invalid_value");
  if (f.has("fail-401")) {
    const key = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    return error(401, `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`, "invalid_request_error", "invalid_api_key");
  }
  if (f.has("fail-429")) {
    return error(429, `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1.`, "requests", "rate_limit_exceeded", { "retry-after-ms": "1" });
  }
  if (f.has("fail-500")) return error(500, "The server had an error while processing your request. Sorry about that!", "server_error", null);
  if (f.has("drop-connection")) {
    req.socket.destroy();
    return true;
  }
  if (f.has("hang") || f.has("no-answer")) {
    // Nothing, ever: the request stays open until the client gives up (then it is recorded as aborted).
    if (res.destroyed) state.aborted.push(label);
    else res.once("close", () => state.aborted.push(label));
    return true;
  }
  if (f.has("not-json")) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("<html><body>502 Bad Gateway</body></html>");
    return true;
  }
  return false;
}

function usageOf(model: string) {
  const f = flags(model);
  return {
    input_tokens: FAKE_USAGE.input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: FAKE_USAGE.output,
    output_tokens_details: { reasoning_tokens: 0 },
    ...(f.has("no-total") ? {} : { total_tokens: FAKE_USAGE.input + FAKE_USAGE.output }),
  };
}

class Sse {
  private seq = 0;
  closed = false;
  private readonly closeListeners = new Set<() => void>();
  constructor(
    private readonly res: ServerResponse,
    private readonly named: boolean,
  ) {
    res.on("close", () => {
      this.closed = true;
      for (const listener of [...this.closeListeners]) listener();
    });
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
  }
  send(data: Json): void {
    if (this.closed) return;
    const payload = this.named ? { ...data, sequence_number: this.seq++ } : data;
    this.res.write(`${this.named ? `event: ${data.type}\n` : ""}data: ${JSON.stringify(payload)}\n\n`);
  }
  /** Resolves once what was written has been flushed to the client (or the client is gone). */
  drained(): Promise<void> {
    if (this.closed || !this.res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off("drain", done);
        this.offClose(done);
        resolve();
      };
      this.res.on("drain", done);
      this.onClose(done);
    });
  }
  onClose(listener: () => void): void {
    this.closeListeners.add(listener);
  }
  offClose(listener: () => void): void {
    this.closeListeners.delete(listener);
  }
  raw(text: string): void {
    if (!this.closed) this.res.write(text);
  }
  end(): void {
    if (!this.closed) this.res.end();
  }
  /** Drops the connection without finishing the chunked body (after flushing what was sent). */
  async destroy(): Promise<void> {
    await sleep(30);
    this.closed = true;
    this.res.socket?.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Lockstep: the client's reports of how many lines it has received, per marker key

const received = new Map<string, { lines: number; waiters: Set<() => void> }>();

function lockstepOf(key: string) {
  let entry = received.get(key);
  if (!entry) received.set(key, (entry = { lines: 0, waiters: new Set() }));
  return entry;
}

function reportReceived(key: string, lines: number): void {
  const entry = lockstepOf(key);
  entry.lines = Math.max(entry.lines, lines);
  for (const wake of [...entry.waiters]) wake();
}

/** Resolves once the client reported `lines` lines for `key`, or the response is gone. */
function untilReceived(key: string, lines: number, sse: Sse): Promise<void> {
  const entry = lockstepOf(key);
  return new Promise((resolve) => {
    const check = () => {
      if (entry.lines < lines && !sse.closed) return;
      entry.waiters.delete(check);
      sse.offClose(check);
      resolve();
    };
    entry.waiters.add(check);
    sse.onClose(check);
    check();
  });
}

function lockstepKey(model: string, lastUser: string): string | undefined {
  return flags(model).has("lockstep") ? (markerAll(lastUser, "lockstep")[0] ?? "") : undefined;
}

/** The `endless` flag's deltas: the answer, then `more<i> ` for ever (the client going away ends the stream). */
function* endless(answer: Iterable<string>): Generator<string> {
  yield* answer;
  for (let i = 0; ; i++) yield `more${i} `;
}

function* entries<T>(items: Iterable<T>): Generator<[number, T]> {
  let i = 0;
  for (const item of items) yield [i++, item];
}

/** After delta `i`: the pause the model flags ask for (lockstep: until the client has line i). */
async function pace(model: string, sse: Sse, i: number, lockstep?: string): Promise<void> {
  if (lockstep !== undefined) {
    await untilReceived(lockstep, i + 1, sse);
    await sse.drained();
    await new Promise((r) => setImmediate(r)); // a released lockstep must not starve the fakes' event loop
  } else if (flags(model).has("slow-tokens")) await sleep(50);
  else if (i % 4 === 3) await new Promise((r) => setImmediate(r));
}

// ---------------------------------------------------------------------------------------------
// Responses API

function normalizeResponses(body: Json): Normalized {
  const input: Json[] = Array.isArray(body.input) ? body.input : [{ role: "user", content: body.input }];
  const users = input.filter((i) => i.role === "user");
  const format = body.text?.format;
  return {
    model: String(body.model),
    lastUser: textOf(users[users.length - 1]?.content),
    toolOutputs: input.filter((i) => i.type === "function_call_output").map((i) => (typeof i.output === "string" ? i.output : JSON.stringify(i.output))),
    tools: (Array.isArray(body.tools) ? body.tools : []).filter((t: Json) => t.type === "function").map((t: Json) => ({ name: t.name, parameters: t.parameters })),
    ...(format?.type === "json_schema" ? { schema: format.schema ?? {} } : {}),
  };
}

function responseEnvelope(body: Json, id: string, created: number, status: string, output: Json[], usage?: Json): Json {
  return {
    id,
    object: "response",
    created_at: created,
    status,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    model: body.model,
    output,
    parallel_tool_calls: true,
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    usage: usage ?? null,
    metadata: {},
  };
}

function responsesOutput(p: Plan, msgId: string): Json[] {
  if (p.calls.length) {
    return p.calls.map((c) => ({ type: "function_call", id: nextId("fc"), call_id: nextId("call"), name: c.name, arguments: c.args, status: "completed" }));
  }
  return [{ type: "message", id: msgId, status: "completed", role: "assistant", content: [{ type: "output_text", text: p.text ?? "", annotations: [], logprobs: [] }] }];
}

async function handleResponses(req: IncomingMessage, res: ServerResponse, body: Json, label: string, state: FakeState): Promise<void> {
  const model = String(body.model);
  const f = flags(model);
  const normalized = normalizeResponses(body);
  const p = plan(normalized);
  const lockstep = lockstepKey(model, normalized.lastUser);
  const id = nextId("resp");
  const created = Math.floor(Date.now() / 1000);
  const msgId = nextId("msg");
  if (!body.stream) {
    return sendJson(res, 200, responseEnvelope(body, id, created, "completed", responsesOutput(p, msgId), usageOf(model)));
  }
  const sse = new Sse(res, true);
  res.on("close", () => {
    if (!res.writableFinished && !f.has("disconnect-mid-stream")) state.aborted.push(label);
  });
  sse.send({ type: "response.created", response: responseEnvelope(body, id, created, "in_progress", []) });
  sse.send({ type: "response.in_progress", response: responseEnvelope(body, id, created, "in_progress", []) });
  const output: Json[] = [];
  if (p.calls.length) {
    for (const [index, call] of p.calls.entries()) {
      const item = { type: "function_call", id: nextId("fc"), call_id: nextId("call"), name: call.name, arguments: "", status: "in_progress" };
      sse.send({ type: "response.output_item.added", output_index: index, item });
      const parts = call.args.match(/[\s\S]{1,5}/g) ?? [];
      for (const [i, delta] of parts.entries()) {
        sse.send({ type: "response.function_call_arguments.delta", item_id: item.id, output_index: index, delta });
        await pace(model, sse, i);
      }
      sse.send({ type: "response.function_call_arguments.done", item_id: item.id, output_index: index, arguments: call.args });
      const done = { ...item, arguments: call.args, status: "completed" };
      sse.send({ type: "response.output_item.done", output_index: index, item: done });
      output.push(done);
    }
  } else {
    const text = p.text ?? "";
    const answer = f.has("slow-tokens") ? Array.from({ length: 200 }, (_, i) => `t${i} `) : deltas(text, p.structured);
    const pieces = f.has("endless") ? endless(answer) : answer;
    sse.send({ type: "response.output_item.added", output_index: 0, item: { id: msgId, type: "message", status: "in_progress", role: "assistant", content: [] } });
    sse.send({ type: "response.content_part.added", item_id: msgId, output_index: 0, content_index: 0, part: { type: "output_text", text: "", annotations: [] } });
    for (const [i, delta] of entries(pieces)) {
      if (sse.closed) return;
      if (i === 2 && f.has("disconnect-mid-stream")) return sse.destroy();
      if (i === 1 && f.has("malformed-stream")) sse.raw(`event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"${msgId}",\n\n`);
      if (i === 1 && f.has("stream-error")) {
        sse.send({ type: "response.failed", response: { ...responseEnvelope(body, id, created, "failed", []), error: { code: "server_error", message: "The model produced invalid content. Consider modifying your prompt if you are seeing this error persistently." } } });
        return sse.end();
      }
      sse.send({ type: "response.output_text.delta", item_id: msgId, output_index: 0, content_index: 0, delta, logprobs: [] });
      if (f.has("stall")) return; // the first delta, then silence until the client goes away
      await pace(model, sse, i, lockstep);
    }
    const full = answer.join(""); // (never reached when endless)
    sse.send({ type: "response.output_text.done", item_id: msgId, output_index: 0, content_index: 0, text: full, logprobs: [] });
    sse.send({ type: "response.content_part.done", item_id: msgId, output_index: 0, content_index: 0, part: { type: "output_text", text: full, annotations: [] } });
    const item = { id: msgId, type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", text: full, annotations: [], logprobs: [] }] };
    sse.send({ type: "response.output_item.done", output_index: 0, item });
    output.push(item);
  }
  sse.send({ type: "response.completed", response: responseEnvelope(body, id, created, "completed", output, usageOf(model)) });
  sse.end();
}

// ---------------------------------------------------------------------------------------------
// Chat Completions

function normalizeChat(body: Json): Normalized {
  const messages: Json[] = Array.isArray(body.messages) ? body.messages : [];
  const users = messages.filter((m) => m.role === "user");
  const rf = body.response_format;
  return {
    model: String(body.model),
    lastUser: textOf(users[users.length - 1]?.content),
    toolOutputs: messages.filter((m) => m.role === "tool").map((m) => textOf(m.content)),
    tools: (Array.isArray(body.tools) ? body.tools : []).map((t: Json) => ({ name: t.function?.name, parameters: t.function?.parameters })),
    ...(rf?.type === "json_schema" ? { schema: rf.json_schema?.schema ?? {} } : {}),
  };
}

function chatUsage(model: string): Json | undefined {
  const f = flags(model);
  if (f.has("no-usage")) return undefined;
  return {
    prompt_tokens: FAKE_USAGE.input,
    completion_tokens: FAKE_USAGE.output,
    ...(f.has("no-total") ? {} : { total_tokens: FAKE_USAGE.input + FAKE_USAGE.output }),
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

async function handleChat(_req: IncomingMessage, res: ServerResponse, body: Json, label: string, state: FakeState): Promise<void> {
  const model = String(body.model);
  const f = flags(model);
  const normalized = normalizeChat(body);
  const p = plan(normalized);
  const lockstep = lockstepKey(model, normalized.lastUser);
  const id = nextId("chatcmpl");
  const created = Math.floor(Date.now() / 1000);
  const calls = p.calls.map((c) => ({ id: nextId("call"), type: "function", function: { name: c.name, arguments: c.args } }));
  const finishReason = calls.length ? "tool_calls" : "stop";
  if (!body.stream) {
    const usage = chatUsage(model);
    return sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: calls.length ? null : (p.text ?? ""), refusal: null, ...(calls.length ? { tool_calls: calls } : {}) }, logprobs: null, finish_reason: finishReason }],
      ...(usage ? { usage } : {}),
      system_fingerprint: "fp_fake",
    });
  }
  const sse = new Sse(res, false);
  res.on("close", () => {
    if (!res.writableFinished && !f.has("disconnect-mid-stream")) state.aborted.push(label);
  });
  const chunk = (delta: Json, finish: string | null = null) =>
    sse.send({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_fake", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  chunk({ role: "assistant", content: "", refusal: null });
  if (calls.length) {
    for (const [index, call] of calls.entries()) {
      chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] });
      for (const [i, part] of (call.function.arguments.match(/[\s\S]{1,5}/g) ?? []).entries()) {
        chunk({ tool_calls: [{ index, function: { arguments: part } }] });
        await pace(model, sse, i);
      }
    }
  } else {
    const pieces = f.has("slow-tokens") ? Array.from({ length: 200 }, (_, i) => `t${i} `) : deltas(p.text ?? "", p.structured);
    for (const [i, delta] of pieces.entries()) {
      if (sse.closed) return;
      if (i === 2 && f.has("disconnect-mid-stream")) return sse.destroy();
      if (i === 1 && f.has("malformed-stream")) sse.raw(`data: {"id":"${id}","choices":[{"delta":\n\n`);
      if (i === 1 && f.has("stream-error")) {
        sse.send({ error: { message: "The model produced invalid content.", type: "server_error", param: null, code: null } });
        return sse.end();
      }
      chunk({ content: delta });
      if (f.has("stall")) return;
      await pace(model, sse, i, lockstep);
    }
  }
  chunk({}, finishReason);
  const usage = chatUsage(model);
  if (usage && body.stream_options?.include_usage) {
    sse.send({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_fake", choices: [], usage });
  }
  sse.raw("data: [DONE]\n\n");
  sse.end();
}

// ---------------------------------------------------------------------------------------------
// Images and speech

function handleImages(res: ServerResponse, body: Json): void {
  const n = typeof body.n === "number" && body.n > 0 ? body.n : 1;
  sendJson(res, 200, {
    created: Math.floor(Date.now() / 1000),
    data: Array.from({ length: n }, () => ({ b64_json: FAKE_PNG_BASE64, revised_prompt: body.prompt })),
    usage: { input_tokens: 5, output_tokens: 100 * n, total_tokens: 5 + 100 * n, input_tokens_details: { image_tokens: 0, text_tokens: 5 } },
  });
}

/** Audio with a real container signature so the SDK's media-type sniffing works. */
export function fakeAudio(format: string): { bytes: Buffer; contentType: string } {
  if (format === "wav") {
    const header = Buffer.alloc(44);
    header.write("RIFF", 0);
    header.writeUInt32LE(36, 4);
    header.write("WAVEfmt ", 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(24000, 24);
    header.writeUInt32LE(48000, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write("data", 36);
    header.writeUInt32LE(0, 40);
    return { bytes: header, contentType: "audio/wav" };
  }
  const id3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const frame = Buffer.from([0xff, 0xfb, 0x90, 0x64, 0x00, 0x00, 0x00, 0x00]);
  return { bytes: Buffer.concat([id3, frame]), contentType: "audio/mpeg" };
}

function handleSpeech(res: ServerResponse, body: Json): void {
  const { bytes, contentType } = fakeAudio(typeof body.response_format === "string" ? body.response_format : "mp3");
  res.writeHead(200, { "content-type": contentType, "content-length": String(bytes.length) });
  res.end(bytes);
}

// ---------------------------------------------------------------------------------------------

registerFakeRoute(async (req, res, raw, state) => {
  const url = req.url ?? "";
  const report = /^\/openai\/lockstep\/([\w-]+)\/(\d+)$/.exec(url);
  if (req.method === "POST" && report) {
    reportReceived(report[1]!, Number(report[2]));
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (req.method !== "POST" || !url.startsWith("/openai/v1/")) return false;
  const path = url.slice("/openai".length).split("?")[0];
  let body: Json;
  try {
    body = JSON.parse(raw || "{}");
  } catch {
    sendJson(res, 400, { error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error", param: null, code: null } });
    return true;
  }
  const model = String(body.model ?? "");
  const lastUser =
    path === "/v1/responses" ? normalizeResponses(body).lastUser : path === "/v1/chat/completions" ? normalizeChat(body).lastUser : String(body.prompt ?? body.input ?? "");
  const label = `${path} model=${model} ${lastUser}`;
  if (failure(req, res, model, label, state)) return true;
  switch (path) {
    case "/v1/responses":
      await handleResponses(req, res, body, label, state);
      return true;
    case "/v1/chat/completions":
      await handleChat(req, res, body, label, state);
      return true;
    case "/v1/images/generations":
      handleImages(res, body);
      return true;
    case "/v1/audio/speech":
      handleSpeech(res, body);
      return true;
    default:
      sendJson(res, 404, { error: { message: `Invalid URL (POST ${path})`, type: "invalid_request_error", param: null, code: null } });
      return true;
  }
});
