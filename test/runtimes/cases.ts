/**
 * The conformance cases: black-box HTTP assertions every runtime must pass, against the
 * one bundle with its default config (the built-in `local/*` model, no keys). A case is
 * `{ name, run(ctx) }`; to add one (e.g. a streamed prompt-run through the fake OpenAI once
 * the AI SDK runner is in the default config), append it to CASES.
 */
import { connect } from "node:net";
import { expect } from "vitest";
import { DEFAULT_TIMEOUTS } from "../../src/core/limits";
import { sign } from "../../src/crypto";
import { ISSUE_CASES, limitMessage, promptRunJob } from "../prompt/hostile";
import { WAIT_MS } from "../helpers/wait";
import { groupAlive, groupRssMiB, type RunningServer, type RuntimeName } from "./targets";

export const SECRET = "runtime-matrix-secret-0123456789abcdef";
/**
 * The Slack webhook every server is configured with: it holds each delivery until the test
 * releases it (`POST /runtimes/release`, see slack-hold.ts), so "the 202 did not wait for
 * the delivery" and "the process waited for the delivery" are facts, not timings.
 */
export const HOLD_PREFIX = "/runtimes/slack-hold/";

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

/** A text prompt-run with an extra frontmatter setting line under text_config. */
export function textJobWith(model: string, setting: string, shouldStream = false) {
  return {
    type: "prompt-run",
    data: {
      ast: { type: "root", children: [{ type: "yaml", value: `name: t\ntext_config:\n  model_name: ${model}\n  ${setting}` }, tag("User", "hi")] },
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
    signal: signal ?? AbortSignal.timeout(WAIT_MS),
  });
}

type Line = Record<string, unknown>;

const isText = (line: Line) => typeof line.result === "string";

/**
 * Reads NDJSON as it arrives. `onLine(lines)` runs after each line (before the next read);
 * `stopAfter` cancels the body once that many lines have come (lines after them are not read).
 * A read that brings nothing for WAIT_MS fails, naming the line that never came.
 */
export async function readLines(
  res: Response,
  { stopAfter = Infinity, onLine }: { stopAfter?: number; onLine?: (lines: Line[]) => Promise<void> } = {},
): Promise<Line[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const lines: Line[] = [];
  let buffer = "";
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`line ${lines.length + 1} did not arrive within ${WAIT_MS} ms (after ${JSON.stringify(lines.at(-1) ?? null)})`)), WAIT_MS);
    });
    const { done, value } = await Promise.race([reader.read(), stalled]).finally(() => clearTimeout(timer));
    if (done) break;
    buffer += value;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, newline)) as Line);
      buffer = buffer.slice(newline + 1);
      if (lines.length >= stopAfter) {
        await reader.cancel("client went away");
        return lines;
      }
      await onLine?.(lines);
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

/** Stops a runtime's server and checks that it left no process behind. */
export async function stopServerChecked(runtime: RuntimeName, server: RunningServer | undefined): Promise<void> {
  if (!server) return;
  await server.stop();
  expect(groupAlive(server.pid), `${runtime} left processes behind`).toBe(false);
}

const textOf = (lines: Line[]) => lines.map((l) => (isText(l) ? l.result : "")).join("");

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function fakes<T>(ctx: CaseContext, path: string, init?: RequestInit): Promise<T> {
  return (await (await fetch(`${ctx.fakes}${path}`, init)).json()) as T;
}

/**
 * A text job for the fake OpenAI's `lockstep` mode: it sends the answer's next delta only
 * once the client reported the previous line (see test/fakes/openai.ts), so a run can be
 * seen to stream, or be stopped mid-way, without any timing.
 */
function lockstepJob(said: string, flags = "") {
  const key = crypto.randomUUID().replaceAll("-", ""); // no "-": the prompt compiler would escape it
  return { key, job: textJob(`openai/gpt-4o-mini+lockstep${flags}`, `[[lockstep:${key}]] [[say:${said}]]`) };
}

/** Reports to the fake how many text lines the client has received. */
const reportReceived = (ctx: CaseContext, key: string) => async (lines: Line[]) => {
  await fakes(ctx, `/openai/lockstep/${key}/${lines.filter(isText).length}`, { method: "POST" });
};

/** Lets a lockstep stream run freely from now on. */
const releaseLockstep = (ctx: CaseContext, key: string) => fakes(ctx, `/openai/lockstep/${key}/${Number.MAX_SAFE_INTEGER}`, { method: "POST" });

/** Output the server printed since `from` (an earlier `output().length`). */
const outputSince = (ctx: CaseContext, from: number) => ctx.server.output().slice(from);

// ---------------------------------------------------------------------------------------
// The cases

export const CASES: ConformanceCase[] = [
  {
    name: "GET /health answers 200 with the runners; wrong method 405, unknown path 404 (JSON)",
    async run(ctx) {
      const res = await fetch(`${ctx.server.url}/health`);
      expect(res.status).toBe(200);
      const health = (await res.json()) as { ok: boolean; secret: string; runners: string[] };
      expect(health.ok).toBe(true);
      expect(health.secret).toBe("configured");
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
    name: "streamed text prompt-run (local/slow): NDJSON headers, one line per token, text and usage complete",
    async run(ctx) {
      const said = "one two three four five six seven eight nine ten";
      const res = await post(ctx, textJob("local/slow", said));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/x-ndjson");
      expect(res.headers.get("agentmark-streaming")).toBe("true");
      const lines = await readLines(res);
      expect(textOf(lines)).toBe(`(local model) You said: ${said}`);
      expect(lines.filter(isText)).toHaveLength(14);
      expect(lines.at(-1)).toMatchObject({ type: "text", finishReason: "stop", usage: { outputTokens: 14 } });
    },
  },
  {
    name: "streamed text prompt-run through the AI SDK runner and the fake OpenAI (Responses API, SSE): each line reaches the client before the next is produced",
    async run(ctx) {
      const said = "alpha bravo charlie delta echo foxtrot golf hotel";
      const { key, job } = lockstepJob(said);
      const res = await post(ctx, job);
      expect(res.status).toBe(200);
      expect(res.headers.get("agentmark-streaming")).toBe("true");
      // The fake produces delta n+1 only after the client reported line n: a runtime that
      // buffers the response never delivers line 1, and the run stalls instead of completing.
      const lines = await readLines(res, { onLine: reportReceived(ctx, key) });
      expect(textOf(lines)).toBe(said);
      expect(lines.filter(isText)).toHaveLength(8);
      expect(lines.at(-1)).toMatchObject({ type: "text", finishReason: "stop", usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) } });
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
    name: "alert: 202 {ok:true} while Slack still holds the delivery; the delivery completes after the response (background work survives)",
    async run(ctx) {
      const id = crypto.randomUUID();
      const name = `matrix ${ctx.runtime} ${id}`;
      const alert = { id, name, metric: "error_rate", threshold: 5, time_window: 15, status: "triggered", triggered_value: "7.5", created_at: new Date().toISOString() };
      const path = `${HOLD_PREFIX}${ctx.runtime}`;

      // The Slack fake answers no delivery until released below: a server that waited for
      // the delivery before answering would never send this 202.
      const res = await post(ctx, { type: "alert", data: { alert } });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ ok: true });
      // The delivery reaches Slack after the response, and is still open there.
      await until("the Slack delivery to arrive", async () => (await heldDeliveries(ctx)).find((d) => d.path === path && d.body.includes(id)));
      expect(await release(ctx, id), "deliveries released").toBe(1);
      const delivery = await until("the Slack delivery to be answered", async () => (await answeredDeliveries(ctx)).find((d) => d.path === path && d.body.includes(id)));
      expect(JSON.parse(delivery.body).text).toContain(`*${name}* triggered: error_rate = 7.5`);
      await ctx.server.waitForOutput(new RegExp(`"event":"alert","id":"${id}"`));
    },
  },
  {
    name: "client abort mid-stream: the client stops after 3 lines; the run and its upstream call are cancelled, the server stays healthy and serves the next run",
    async run(ctx) {
      const outputBefore = ctx.server.output().length;
      const controller = new AbortController();
      // An answer that never ends, produced in step with the client: the run is surely in
      // progress when the client goes away after line 3.
      const { key, job } = lockstepJob("w0 w1 w2", "+endless");
      const res = await post(ctx, job, { signal: controller.signal });
      expect(res.status).toBe(200);
      const lines = await readLines(res, { stopAfter: 3, onLine: reportReceived(ctx, key) });
      controller.abort();
      expect(textOf(lines)).toBe("w0 w1 w2");
      // The model goes on producing for nobody; the server must notice the disconnect (at its
      // next write at the latest): the response stream is cancelled, and the run's call to the
      // provider aborted (the fake sees its client go away). Nothing else can end this run.
      await releaseLockstep(ctx, key);
      await until("stream_cancelled in the server's log", async () => /"event":"stream_cancelled","job":"prompt-run"/.test(outputSince(ctx, outputBefore)) || undefined);
      await until("the provider call to be aborted", async () => (await fakes<string[]>(ctx, "/_control/aborted")).find((a) => a.includes(key)));

      const health = await fetch(`${ctx.server.url}/health`);
      expect(health.status).toBe(200);
      await health.body?.cancel();
      const next = await post(ctx, textJob("local/echo", "still there"));
      const nextLines = await readLines(next);
      expect(textOf(nextLines)).toBe("(local model) You said: still there");
      // Both prompt-runs of this case are logged (the aborted one answered 200 too), each when
      // its stream ended: cancelled, then completed.
      const requestLines = () => outputSince(ctx, outputBefore).match(/"event":"request","method":"POST","path":"\/","status":200,"job":"prompt-run".*"outcome":"(\w+)"/g) ?? [];
      await until("both prompt-runs to be logged", async () => (requestLines().length >= 2 ? true : undefined));
      expect(requestLines().map((line) => /"outcome":"(\w+)"/.exec(line)?.[1])).toEqual(["cancelled", "completed"]);
    },
  },
  {
    name: "a client that leaves while the stream is idle (the model went silent after its first token) aborts the model call",
    // Node, Bun and Deno see the disconnect through request.signal at once; workerd notices a
    // departed client only when it next writes to it, which the stream's heartbeat (one space
    // after limits.timeouts.heartbeatMs without a line) makes happen: the wait below includes it.
    async run(ctx) {
      const key = `idle-${ctx.runtime}-${crypto.randomUUID().slice(0, 8)}`;
      const res = await post(ctx, textJob("openai/gpt-4o-mini+stall", `${key} [[say:first then silence]]`));
      expect(res.status).toBe(200);
      expect(textOf(await readLines(res, { stopAfter: 1 }))).toBe("first ");
      await until(
        "the provider call to be aborted",
        async () => (await fakes<string[]>(ctx, "/_control/aborted")).find((a) => a.includes(key)),
        WAIT_MS + DEFAULT_TIMEOUTS.heartbeatMs,
      );
    },
  },
  {
    name: "a client that leaves a streamed run before its first token (the model has not answered) aborts the model call",
    // Node, Bun and Deno: request.signal at once. workerd notices a departed client only when it
    // writes to it: the answer starts after limits.timeouts.heartbeatMs without a first event, and
    // its heartbeat follows; the wait below includes both.
    async run(ctx) {
      const key = `first-${ctx.runtime}-${crypto.randomUUID().slice(0, 8)}`;
      const controller = new AbortController();
      const pending = post(ctx, textJob("openai/gpt-4o-mini+no-answer", `${key} waits`), { signal: controller.signal }).catch((err: Error) => err);
      await until("the provider call to start", async () => ((await fakes<Array<{ body: string }>>(ctx, "/_control/requests")).some((r) => r.body.includes(key)) ? true : undefined));
      controller.abort();
      expect(await pending).toMatchObject({ name: "AbortError" });
      await until(
        "the provider call to be aborted",
        async () => (await fakes<string[]>(ctx, "/_control/aborted")).find((a) => a.includes(key)),
        WAIT_MS + 2 * DEFAULT_TIMEOUTS.heartbeatMs,
      );
    },
  },
  {
    // The issue's cases only (the app and compile tests run all of them): the matrix runs the
    // runtimes side by side, and megabytes of hostile bodies would starve their timing cases.
    name: "hostile prompts (issue #13): each is a 400 naming its compile limit, and the server keeps serving",
    timeoutMs: 60_000,
    async run(ctx) {
      for (const hostile of ISSUE_CASES) {
        const res = await post(ctx, promptRunJob(hostile));
        expect(res.status, hostile.name).toBe(400);
        expect(((await res.json()) as { message: string }).message, hostile.name).toMatch(limitMessage(hostile.limit));
      }
      const next = await post(ctx, textJob("local/echo", "still there"));
      expect(textOf(await readLines(next))).toBe("(local model) You said: still there");
    },
  },
  {
    name: "client abort before the response (non-streamed run): request.signal cancels the provider call",
    // workerd under Miniflare (what wrangler dev runs) and edge-runtime never fire request.signal
    // when the client goes away: there, a run is cancelled only through its response stream
    // (the case above), and a non-streamed run goes on until the provider answers.
    only: ["node", "bun", "deno"],
    async run(ctx) {
      // The provider never answers: only the client's disconnect, seen through request.signal
      // (there is no response stream yet to cancel), can end this run.
      const key = crypto.randomUUID().replaceAll("-", "");
      const controller = new AbortController();
      const pending = post(ctx, textJob("openai/gpt-4o-mini+no-answer", `signal ${key}`, false), { signal: controller.signal }).catch((err: Error) => err);
      await until("the provider call to start", async () => ((await fakes<Array<{ body: string }>>(ctx, "/_control/requests")).some((r) => r.body.includes(key)) ? true : undefined));
      controller.abort();
      expect(await pending).toMatchObject({ name: "AbortError" });
      await until("the provider call to be aborted", async () => (await fakes<string[]>(ctx, "/_control/aborted")).find((a) => a.includes(key)));
    },
  },
  {
    name: "Deno: request.signal has the standard behaviour (deno.json's unstable no-legacy-abort), so no legacy-abort warning",
    only: ["deno"],
    async run(ctx) {
      const res = await post(ctx, textJob("local/echo", "after many requests"));
      expect(textOf(await readLines(res))).toBe("(local model) You said: after many requests");
      // Deno prints it on the first request that touches request.signal; the earlier cases made many.
      expect(ctx.server.output()).not.toMatch(/legacy behavior|unstable-no-legacy-abort/);
    },
  },
  {
    name: "hostile jobs outside the compiler are 400s naming their setting; the server keeps serving and its memory stays bounded",
    timeoutMs: 60_000,
    async run(ctx) {
      const rssBefore = groupRssMiB(ctx.server.pid);
      const objectWith = (schema: unknown, shouldStream: boolean) => ({
        type: "prompt-run",
        data: {
          ast: { type: "root", children: [{ type: "yaml", value: `name: big\nobject_config:\n  model_name: local/echo\n  schema: ${JSON.stringify(schema)}` }, tag("User", "make it")] },
          options: { shouldStream },
        },
      });
      // Many properties whose declared sizes add up (15,000 values), in a frontmatter the compiler's own limit (maxFrontmatterChars) admits.
      const wide = { type: "object", properties: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`p${i}`, { type: "array", minItems: 30, items: { type: "string" } }])) };
      const hostile: Array<[unknown, string]> = [
        [objectWith({ type: "object", properties: { items: { type: "array", minItems: 10_000_000, items: { type: "string" } } } }, false), "limits.run.maxLocalModelValues"],
        [objectWith({ type: "object", properties: { items: { type: "array", minItems: 10_000_000, items: { type: "string" } } } }, true), "limits.run.maxLocalModelValues"],
        [objectWith(wide, true), "limits.run.maxLocalModelValues"],
        [textJobWith("openai/gpt-4o-mini", "max_calls: 1000000"), "limits.run.maxCalls"],
        [textJobWith("openai/gpt-4o-mini", "max_retries: 1000000"), "limits.run.maxRetries"],
      ];
      for (let round = 0; round < 3; round++) {
        for (const [job, setting] of hostile) {
          const res = await post(ctx, job);
          expect(res.status).toBe(400);
          expect(((await res.json()) as { message: string }).message).toContain(`(setting ${setting})`);
        }
      }
      const next = await post(ctx, textJob("local/echo", "still here"));
      expect(textOf(await readLines(next))).toBe("(local model) You said: still here");
      const grown = groupRssMiB(ctx.server.pid) - rssBefore;
      expect(grown, `RSS grew by ${grown} MiB`).toBeLessThan(150);
    },
  },
  {
    name: "a client that leaves before the first byte of a non-streamed run aborts the model call; logged as client_aborted (info), not as a failure",
    // workerd fires request.signal only once a response has started (docs/limits.md), and Vercel's
    // edge-runtime never fires it on a disconnect: there such a run ends at limits.timeouts.runMs
    // instead, which this server's default config puts at 5 minutes.
    only: ["node", "bun", "deno"],
    timeoutMs: 30_000,
    async run(ctx) {
      const said = `leave-${ctx.runtime}-${crypto.randomUUID().slice(0, 8)}`;
      const outputBefore = ctx.server.output().length;
      const controller = new AbortController();
      const pending = post(ctx, textJob("openai/hang", said, false), { signal: controller.signal }).catch(() => undefined);
      await until("the model call to reach the fake", async () => {
        const seen = (await (await fetch(`${ctx.fakes}/_control/requests`)).json()) as Array<{ body: string }>;
        return seen.some((r) => r.body.includes(said)) ? true : undefined;
      }, 20_000);
      controller.abort();
      await pending;
      await until("the fake to see the model call aborted", async () => {
        const aborted = (await (await fetch(`${ctx.fakes}/_control/aborted`)).json()) as string[];
        return aborted.some((a) => a.includes(said)) ? true : undefined;
      }, 20_000);
      await ctx.server.waitForOutput(/"level":"info","event":"client_aborted"/, 20_000);
      expect(ctx.server.output().slice(outputBefore)).not.toMatch(/"level":"error"/);
    },
  },
  {
    name: "slowloris: clients that send half a body and leave are info-level client_aborted lines, not errors",
    only: ["node", "workerd"],
    timeoutMs: 30_000,
    async run(ctx) {
      const outputBefore = ctx.server.output().length;
      const { hostname, port } = new URL(ctx.server.url);
      const body = JSON.stringify(textJob("local/echo", "x".repeat(2_000)));
      const signature = await sign(SECRET, body);
      await Promise.all(
        Array.from({ length: 20 }, () =>
          new Promise<void>((resolve, reject) => {
            const socket = connect(Number(port), hostname, () => {
              socket.write(
                `POST / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nx-agentmark-signature-256: ${signature}\r\n\r\n${body.slice(0, 100)}`,
              );
              // Hold the half-sent request a moment (so most reach the handler on a busy machine), then leave.
              setTimeout(() => {
                socket.destroy();
                resolve();
              }, 1_000);
            });
            socket.on("error", reject);
          }),
        ),
      );
      // Every request the server began is logged as a client_aborted info line (one that closed before the
      // server read its headers leaves no line at all); none is an error.
      await ctx.server.waitForOutput(/"level":"info","event":"client_aborted"/, 20_000);
      const health = await fetch(`${ctx.server.url}/health`); // after the disconnects have been handled
      expect(health.status).toBe(200);
      await health.body?.cancel();
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
    async run(ctx) {
      const id = crypto.randomUUID();
      const alert = { id, name: `shutdown ${ctx.runtime} ${id}`, metric: "latency", threshold: 1000, status: "triggered", triggered_value: "2400" };
      const path = `${HOLD_PREFIX}${ctx.runtime}`;
      const res = await post(ctx, { type: "alert", data: { alert } });
      expect(res.status).toBe(202);
      await until("the Slack delivery to arrive", async () => (await heldDeliveries(ctx)).find((d) => d.path === path && d.body.includes(id)));
      const outputBefore = ctx.server.output().length;
      process.kill(ctx.server.pid, "SIGTERM");
      // Slack answers only once the server has begun shutting down (it says so). The server
      // must then still be running to read that answer: it logs the delivery, then exits.
      await until("the server to begin its shutdown", async () => /"event":"shutdown"/.test(outputSince(ctx, outputBefore)) || undefined);
      expect(await release(ctx, id), "the delivery was still open when released").toBe(1);
      await until("the server to log the delivery", async () => new RegExp(`"event":"alert_delivered","sink":"slack","alertId":"${id}"`).test(outputSince(ctx, outputBefore)) || undefined);
      await until("the server process to exit", async () => (groupAlive(ctx.server.pid) ? undefined : true));
      const delivered = (await answeredDeliveries(ctx)).find((d) => d.path === path && d.body.includes(id));
      expect(delivered, "the Slack delivery was answered before exit").toBeDefined();
      expect(await fakes<string[]>(ctx, "/_control/aborted")).not.toContain(path);
    },
  },
];

interface Delivery {
  path: string;
  body: string;
}

const heldDeliveries = (ctx: CaseContext) => fakes<Delivery[]>(ctx, "/runtimes/held");
const answeredDeliveries = (ctx: CaseContext) => fakes<Delivery[]>(ctx, "/runtimes/answered");

/** Lets Slack answer the held deliveries whose body contains `marker`; returns how many it released. */
async function release(ctx: CaseContext, marker: string): Promise<number> {
  return (await fakes<{ released: number }>(ctx, "/runtimes/release", { method: "POST", body: marker })).released;
}
