/**
 * The conformance cases: black-box HTTP assertions every runtime must pass, against the
 * one bundle with its default config (the built-in `local/*` model, no keys). A case is
 * `{ name, run(ctx) }`; to add one (e.g. a streamed prompt-run through the fake OpenAI once
 * the AI SDK runner is in the default config), append it to CASES.
 */
import { connect } from "node:net";
import { expect } from "vitest";
import { sign } from "../../src/crypto";
import { groupAlive, type RunningServer, type RuntimeName } from "./targets";

export const SECRET = "runtime-matrix-secret";
/** The Slack webhook every server is configured with: it answers HOLD_MS after the request arrives. */
export const HOLD_PREFIX = "/runtimes/slack-hold/";
export const HOLD_MS = 400;

export interface CaseContext {
  runtime: RuntimeName;
  server: RunningServer;
  /** Origin of the loopback fakes (test/fakes/server.ts). */
  fakes: string;
}

export interface ConformanceCase {
  name: string;
  /** Runtimes the case applies to (default: all). */
  only?: RuntimeName[];
  timeoutMs?: number;
  run(ctx: CaseContext): Promise<void>;
}

/** Variables each server starts with. */
export function serverVars(runtime: RuntimeName, fakes: string): Record<string, string> {
  return {
    AGENTMARK_WEBHOOK_SECRET: SECRET,
    AGENTMARK_LOG_LEVEL: "info",
    ALERT_SLACK_WEBHOOK_URL: `${fakes}${HOLD_PREFIX}${runtime}`,
    OPENAI_API_KEY: "sk-runtime-matrix",
    OPENAI_BASE_URL: `${fakes}/openai/v1`,
  };
}

// ---------------------------------------------------------------------------------------
// Jobs and HTTP helpers

function tag(name: string, text: string) {
  return { type: "mdxJsxFlowElement", name, attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: text }] }] };
}

export function textJob(model: string, said: string, shouldStream = true) {
  return {
    type: "prompt-run",
    data: {
      ast: { type: "root", children: [{ type: "yaml", value: `name: t\ntext_config:\n  model_name: ${model}` }, tag("User", said)] },
      options: { shouldStream },
    },
  };
}

export function objectJob(shouldStream = false) {
  const frontmatter =
    "name: o\nobject_config:\n  model_name: local/echo\n  schema:\n    type: object\n    properties:\n      answer: { type: string }\n      confidence: { type: number, minimum: 0, maximum: 1 }\n      tags: { type: array, items: { type: string } }\n    required: [answer, confidence]";
  return {
    type: "prompt-run",
    data: { ast: { type: "root", children: [{ type: "yaml", value: frontmatter }, tag("User", "what is two plus two")] }, options: { shouldStream } },
  };
}

export async function post(
  ctx: CaseContext,
  job: unknown,
  { secret = SECRET, path = "/", headers = {}, signal }: { secret?: string; path?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  const body = typeof job === "string" ? job : JSON.stringify(job);
  return fetch(`${ctx.server.url}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-agentmark-signature-256": await sign(secret, body), ...headers },
    signal: signal ?? AbortSignal.timeout(15_000),
  });
}

export interface TimedLine {
  value: Record<string, unknown>;
  at: number;
  /** Index of the network read that delivered the line. */
  read: number;
}

/** Reads NDJSON as it arrives, noting when each line came; `stopAfter` cancels the body after that many lines. */
export async function readLines(res: Response, stopAfter = Infinity): Promise<TimedLine[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const lines: TimedLine[] = [];
  let buffer = "";
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read++;
    buffer += value;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      lines.push({ value: JSON.parse(buffer.slice(0, newline)), at: performance.now(), read });
      buffer = buffer.slice(newline + 1);
    }
    if (lines.length >= stopAfter) {
      await reader.cancel("client went away");
      return lines;
    }
  }
  expect(buffer).toBe("");
  return lines;
}

/** Sends raw bytes on a fresh connection and returns everything the server answers until it closes. */
export function rawExchange(url: string, request: string, timeoutMs = 10_000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; answered so far: ${JSON.stringify(answer)}`));
    }, timeoutMs);
    socket.setEncoding("latin1");
    socket.on("data", (data: string) => (answer += data));
    socket.on("error", (err) => {
      clearTimeout(timer);
      // A server may reset the connection right after its answer.
      if (answer) resolve(answer);
      else reject(err);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(request, "latin1");
  });
}

const textOf = (lines: TimedLine[]) => lines.map((l) => (typeof l.value.result === "string" ? l.value.result : "")).join("");

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// ---------------------------------------------------------------------------------------
// The cases

export const CASES: ConformanceCase[] = [
  {
    name: "GET /health answers 200 with the runners; wrong method 405, unknown path 404 (JSON)",
    async run(ctx) {
      const res = await fetch(`${ctx.server.url}/health`);
      expect(res.status).toBe(200);
      const health = (await res.json()) as { ok: boolean; runners: string[] };
      expect(health.ok).toBe(true);
      expect(health.runners).toContain("local");

      const wrongMethod = await fetch(`${ctx.server.url}/health`, { method: "POST" });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get("allow")).toBe("GET");
      await wrongMethod.body?.cancel();

      const missing = await fetch(`${ctx.server.url}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ message: "Not found: GET /nope" });
    },
  },
  {
    name: "signature: a valid one is accepted on / and /execute; missing, malformed, wrong-secret and tampered are 401",
    async run(ctx) {
      const job = { type: "get-evals" };
      for (const path of ["/", "/execute"]) {
        const ok = await post(ctx, job, { path });
        expect(ok.status, path).toBe(200);
        await ok.body?.cancel();
      }
      const body = JSON.stringify(job);
      const cases: Array<[string, Record<string, string>, RegExp]> = [
        ["missing", {}, /^Missing signature/],
        ["malformed", { "x-agentmark-signature-256": "sha256=zz" }, /^Malformed signature/],
        ["wrong secret", { "x-agentmark-signature-256": await sign("not-the-secret", body) }, /^Invalid signature/],
        ["tampered", { "x-agentmark-signature-256": await sign(SECRET, body.replace("get-evals", "get-evalz")) }, /^Invalid signature/],
      ];
      for (const [label, headers, message] of cases) {
        const res = await fetch(`${ctx.server.url}/`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
        expect(res.status, label).toBe(401);
        expect(((await res.json()) as { message: string }).message, label).toMatch(message);
      }
    },
  },
  {
    name: "get-evals answers the evals envelope",
    async run(ctx) {
      const res = await post(ctx, { type: "get-evals" });
      expect(res.status).toBe(200);
      const envelope = (await res.json()) as { type: string; result: string };
      expect(envelope.type).toBe("evals");
      expect(JSON.parse(envelope.result)).toEqual(expect.any(Array));
    },
  },
  {
    name: "streamed text prompt-run (local/slow): NDJSON headers, lines arrive one by one, text and usage complete",
    async run(ctx) {
      const said = "one two three four five six seven eight nine ten";
      const started = performance.now();
      const res = await post(ctx, textJob("local/slow", said));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/x-ndjson");
      expect(res.headers.get("agentmark-streaming")).toBe("true");
      const lines = await readLines(res);
      expect(textOf(lines)).toBe(`(local model) You said: ${said}`);
      expect(lines.at(-1)!.value).toMatchObject({ type: "text", finishReason: "stop", usage: { outputTokens: 14 } });
      // 14 words 25 ms apart: ~325 ms of production. A buffering runtime would deliver
      // them in one or two reads at the end; incremental delivery spreads them out.
      const spread = lines.at(-1)!.at - lines[0]!.at;
      expect(spread, "time between the first and the last line (ms)").toBeGreaterThan(150);
      expect(new Set(lines.map((l) => l.read)).size, "separate network reads").toBeGreaterThanOrEqual(6);
      expect(lines[0]!.at - started, "first line before the run is over (ms)").toBeLessThan(performance.now() - started - 150);
    },
  },
  {
    name: "streamed text prompt-run through the AI SDK runner and the fake OpenAI (Responses API, SSE): lines arrive one by one",
    async run(ctx) {
      const said = "alpha bravo charlie delta echo foxtrot golf hotel";
      const started = performance.now();
      const res = await post(ctx, textJob("openai/gpt-4o-mini+paced", `[[say:${said}]]`));
      expect(res.status).toBe(200);
      expect(res.headers.get("agentmark-streaming")).toBe("true");
      const lines = await readLines(res);
      expect(textOf(lines)).toBe(said);
      expect(lines.at(-1)!.value).toMatchObject({ type: "text", finishReason: "stop", usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) } });
      // 8 deltas 30 ms apart at the fake: delivered as they come, not in one read at the end.
      const spread = lines.at(-1)!.at - lines[0]!.at;
      expect(spread, "time between the first and the last line (ms)").toBeGreaterThan(120);
      expect(new Set(lines.map((l) => l.read)).size, "separate network reads").toBeGreaterThanOrEqual(5);
      expect(lines[0]!.at - started, "first line before the run is over (ms)").toBeLessThan(performance.now() - started - 120);
    },
  },
  {
    name: "non-streamed object prompt-run answers one JSON envelope that satisfies the schema",
    async run(ctx) {
      const res = await post(ctx, objectJob(false));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      const envelope = (await res.json()) as { type: string; result: Record<string, unknown>; finishReason: string };
      expect(envelope.type).toBe("object");
      expect(envelope.finishReason).toBe("stop");
      expect(envelope.result).toEqual({ answer: expect.any(String), confidence: expect.any(Number), tags: expect.any(Array) });
      expect(envelope.result.confidence as number).toBeGreaterThanOrEqual(0);
      expect(envelope.result.confidence as number).toBeLessThanOrEqual(1);
    },
  },
  {
    name: "alert: 202 {ok:true} at once; delivery to Slack completes after the response (background work survives)",
    async run(ctx) {
      const id = crypto.randomUUID();
      const name = `matrix ${ctx.runtime} ${id}`;
      const alert = { id, name, metric: "error_rate", threshold: 5, time_window: 15, status: "triggered", triggered_value: "7.5", created_at: new Date().toISOString() };
      const path = `${HOLD_PREFIX}${ctx.runtime}`;
      const answered = async () => {
        const all = (await (await fetch(`${ctx.fakes}/runtimes/answered`)).json()) as Array<{ path: string; body: string }>;
        return all.find((r) => r.path === path && r.body.includes(id));
      };

      const started = performance.now();
      const res = await post(ctx, { type: "alert", data: { alert } });
      const elapsed = performance.now() - started;
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ ok: true });
      // The Slack fake holds its answer HOLD_MS: the 202 did not wait for the delivery...
      expect(elapsed, "ms until the 202").toBeLessThan(HOLD_MS);
      expect(await answered()).toBeUndefined();
      // ...which still completes afterwards, over a connection the runtime kept open.
      const delivery = await until("the Slack delivery to be answered", answered);
      expect(JSON.parse(delivery.body).text).toContain(`*${name}* triggered: error_rate = 7.5`);
      const aborted = (await (await fetch(`${ctx.fakes}/_control/aborted`)).json()) as string[];
      expect(aborted).not.toContain(path);
      await ctx.server.waitForOutput(new RegExp(`"event":"alert","id":"${id}"`));
    },
  },
  {
    name: "client abort mid-stream: the client stops after 3 lines, the server stays healthy and serves the next run",
    timeoutMs: 20_000,
    async run(ctx) {
      const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(" ");
      const outputBefore = ctx.server.output().length;
      const controller = new AbortController();
      const res = await post(ctx, textJob("local/slow-50", words), { signal: controller.signal });
      expect(res.status).toBe(200);
      const lines = await readLines(res, 3);
      controller.abort();
      expect(lines.length).toBe(3);
      expect(lines.some((l) => "finishReason" in l.value)).toBe(false); // stopped mid-run (60+ words, 50 ms apart)
      // The server saw the disconnect: the response stream was cancelled and the run aborted.
      await ctx.server.waitForOutput(/"event":"stream_cancelled","job":"prompt-run"/);

      const health = await fetch(`${ctx.server.url}/health`);
      expect(health.status).toBe(200);
      await health.body?.cancel();
      const next = await post(ctx, textJob("local/echo", "still there"));
      const nextLines = await readLines(next);
      expect(textOf(nextLines)).toBe("(local model) You said: still there");
      // Both prompt-runs of this case were logged (the aborted one answered 200 too).
      const logged = ctx.server.output().slice(outputBefore).match(/"event":"request","method":"POST","path":"\/","status":200,"job":"prompt-run"/g) ?? [];
      expect(logged.length).toBe(2);
    },
  },
  {
    // RFC 9112 §6.3: a message with both is the request-smuggling pattern. Node's, Bun's and Deno's
    // HTTP servers answer 400 before the app runs (the app refuses it too, for any runtime that
    // would pass both on). workerd's server instead frames the body by Transfer-Encoding and drops
    // Content-Length, as the RFC also allows: the Worker never sees both (docs/http-edges.md).
    name: "Content-Length together with Transfer-Encoding: 400 before the app, or one framing (workerd: chunked)",
    async run(ctx) {
      const body = JSON.stringify(textJob("local/echo", "smuggled", false));
      const signature = await sign(SECRET, body);
      const request =
        `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nx-agentmark-signature-256: ${signature}\r\n` +
        `Content-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
        `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      const answer = await rawExchange(ctx.server.url, request);
      const status = answer.slice(0, answer.indexOf("\r\n"));
      if (ctx.runtime === "workerd") {
        expect(status).toBe("HTTP/1.1 200 OK");
        expect(answer).toContain("You said: smuggled"); // the whole chunked body, not 3 bytes of it
      } else {
        expect(status).toMatch(/^HTTP\/1\.1 400 /);
        expect(answer).not.toContain("You said");
      }
    },
  },
  {
    // Last: it stops the server.
    name: "graceful shutdown: SIGTERM while an alert is being delivered; the delivery completes before the process exits",
    only: ["node", "bun"],
    timeoutMs: 20_000,
    async run(ctx) {
      const id = crypto.randomUUID();
      const alert = { id, name: `shutdown ${ctx.runtime} ${id}`, metric: "latency", threshold: 1000, status: "triggered", triggered_value: "2400" };
      const path = `${HOLD_PREFIX}${ctx.runtime}`;
      const res = await post(ctx, { type: "alert", data: { alert } });
      expect(res.status).toBe(202);
      process.kill(ctx.server.pid, "SIGTERM"); // the Slack fake holds its answer HOLD_MS: delivery is in flight
      await until("the server process to exit", async () => (groupAlive(ctx.server.pid) ? undefined : true), 10_000);
      const all = (await (await fetch(`${ctx.fakes}/runtimes/answered`)).json()) as Array<{ path: string; body: string }>;
      expect(all.find((r) => r.path === path && r.body.includes(id)), "the Slack delivery was answered before exit").toBeDefined();
      const aborted = (await (await fetch(`${ctx.fakes}/_control/aborted`)).json()) as string[];
      expect(aborted).not.toContain(path);
    },
  },
];
