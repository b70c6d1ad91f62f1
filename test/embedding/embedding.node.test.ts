/**
 * The webhook embedded elsewhere: `runPrompt` / `runExperiment` called from code, and the
 * three documented mounts (examples/embedding/): an existing Hono app, a Next.js route
 * handler, a plain Node HTTP server over real loopback HTTP.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import config from "../../src/agentmark.config";
import { createWebhookHandler } from "../../src/webhook-handler";
import { app as honoApp } from "../../examples/embedding/hono-app";
import { POST as nextPOST } from "../../examples/embedding/next-route";
import { createAppServer } from "../../examples/embedding/node-server";
import { ndjsonLines, signedInit, signedRequest } from "../helpers/signed";
import { captureLogs } from "../helpers/logs";

const SECRET = `embedding-${crypto.randomUUID()}`;
const agentmark = createWebhookHandler(config);
const quiet = { AGENTMARK_LOG_LEVEL: "silent" };

/** A prompt AST whose User message is `user`; `{props.x}` becomes an expression, as the parser makes it. */
function ast(frontmatter: string, user: string) {
  const parts = user.split(/(\{[^}]+\})/).filter(Boolean);
  const inline = parts.map((part) => (part.startsWith("{") ? { type: "mdxTextExpression", value: part.slice(1, -1) } : { type: "text", value: part }));
  return {
    type: "root",
    children: [
      { type: "yaml", value: frontmatter },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: inline }] },
    ],
  };
}
const echo = (model = "local/echo") => ast(`name: embedded\ntext_config:\n  model_name: ${model}`, "one two three four five six seven eight");
const experimentAst = ast("name: exp\ntext_config:\n  model_name: local/echo\ntest_settings:\n  dataset: datasets/echo-check.jsonl\n  evals: [exact_match]", "{props.question}");

async function lines(res: Response): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const line of ndjsonLines(res)) out.push(line as Record<string, unknown>);
  return out;
}

const textOf = (all: Array<Record<string, unknown>>) => all.flatMap((l) => (typeof l.result === "string" ? [l.result] : [])).join("");

/** Next and a plain Node server read settings from process.env. */
function withProcessSecret() {
  const saved = process.env.AGENTMARK_WEBHOOK_SECRET;
  beforeAll(() => void (process.env.AGENTMARK_WEBHOOK_SECRET = SECRET));
  afterAll(() => {
    if (saved === undefined) delete process.env.AGENTMARK_WEBHOOK_SECRET;
    else process.env.AGENTMARK_WEBHOOK_SECRET = saved;
  });
}

afterEach(() => vi.restoreAllMocks());

describe("runPrompt", () => {
  it("streams a prompt-run's data without a signature, as the webhook would answer it", async () => {
    const res = await agentmark.runPrompt({ ast: echo() }, { env: quiet });
    expect(res.status).toBe(200);
    expect(res.headers.get("agentmark-streaming")).toBe("true");
    const all = await lines(res);
    expect(textOf(all)).toBe("(local model) You said: one two three four five six seven eight");
    expect(all.at(-1)).toMatchObject({ type: "text", finishReason: "stop" });
  });

  it("answers one JSON envelope when not streamed, and uses customProps", async () => {
    const res = await agentmark.runPrompt(
      { ast: ast("name: p\ntext_config:\n  model_name: local/echo", "hello {props.who}"), customProps: { who: "embedder" }, options: { shouldStream: false } },
      { env: quiet },
    );
    expect(await res.json()).toMatchObject({ type: "text", result: "(local model) You said: hello embedder", finishReason: "stop" });
  });

  it("invalid data and invalid prompts are 400 {message}; failed runs follow the webhook's rules", async () => {
    const noAst = await agentmark.runPrompt({} as never, { env: quiet });
    expect(noAst.status).toBe(400);
    expect(await noAst.json()).toEqual({ message: "The request must include the prompt AST in data.ast (not data.prompt)" });
    const badYaml = await agentmark.runPrompt({ ast: ast("name: [", "x") }, { env: quiet });
    expect(badYaml.status).toBe(400);
    const streamed = await agentmark.runPrompt({ ast: echo("nobody/none") }, { env: quiet });
    expect(streamed.status).toBe(200);
    expect(await lines(streamed)).toEqual([{ type: "error", error: expect.stringMatching(/^No runner serves model "nobody\/none"/) }]);
    const once = await agentmark.runPrompt({ ast: echo("nobody/none"), options: { shouldStream: false } }, { env: quiet });
    expect(once.status).toBe(500);
  });

  it("settings come from options.env first; secrets in error messages are redacted", async () => {
    const key = "sk-embedded-secret-value-1234";
    const logs = captureLogs();
    const res = await agentmark.runPrompt(
      { ast: echo("openai.chat/fail-401"), options: { shouldStream: false } },
      { env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: `${inject("fakesOrigin")}/openai/v1`, AGENTMARK_LOG_LEVEL: "error" } },
    );
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toContain("Incorrect API key provided"); // the fake echoes the key it was sent
    expect(body).not.toContain(key);
    expect(logs.join("\n")).toContain('"event":"request_failed"');
    expect(logs.join("\n")).not.toContain(key);
  });

  it("options.signal stops the run: the stream ends early", async () => {
    const controller = new AbortController();
    const res = await agentmark.runPrompt({ ast: echo("local/slow-50") }, { env: quiet, signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    expect(first.value).toContain('"type":"text"');
    controller.abort();
    let rest = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += value;
    }
    const words = `${first.value}${rest}`.split("\n").filter((l) => l.includes('"result"')).length;
    expect(words).toBeLessThan(12); // the whole answer is 12 words
  });
});

describe("runExperiment", () => {
  it("runs a dataset-run's data over the bundled dataset, with sampling", async () => {
    const all = await lines(await agentmark.runExperiment({ ast: experimentAst, experimentId: "embedded" }, { env: quiet }));
    expect(all.length).toBe(5);
    expect(all.every((l) => l.type === "dataset" && l.runName === "embedded")).toBe(true);
    const first = all.find((l) => (l.result as { input: { question: string } }).input.question === "What is 2+2?")!;
    expect(first.result).toMatchObject({ actualOutput: "(local model) You said: What is 2+2?", evals: [{ name: "exact_match", passed: true }] });
    const two = await lines(await agentmark.runExperiment({ ast: experimentAst, sampling: { rows: [0, 1] } }, { env: quiet }));
    expect(two.map((l) => (l.result as { input: unknown }).input)).toEqual(
      expect.arrayContaining([{ question: "What is 2+2?" }, { question: "Name a primary colour." }]),
    );
    expect(two).toHaveLength(2);
  });

  it("bad sampling and a missing dataset are 400s, before any stream", async () => {
    const bad = await agentmark.runExperiment({ ast: experimentAst, sampling: { sample: 0 } }, { env: quiet });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^Invalid sampling: /);
    const missing = await agentmark.runExperiment({ ast: experimentAst, datasetPath: "nowhere.jsonl" }, { env: quiet });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/^No source for dataset nowhere\.jsonl/);
  });
});

describe("mounted in an existing Hono app (examples/embedding/hono-app.ts)", () => {
  const env = { AGENTMARK_WEBHOOK_SECRET: SECRET, ...quiet };

  it("keeps the app's own routes and serves the signed webhook under /agentmark", async () => {
    expect(await (await honoApp.request("/")).text()).toBe("my app");
    for (const path of ["/agentmark", "/agentmark/execute"]) {
      const res = await honoApp.request(path, await signedInit(JSON.stringify({ type: "prompt-run", data: { ast: echo() } }), { secret: SECRET }), env);
      expect(res.status, path).toBe(200);
      expect(textOf(await lines(res))).toMatch(/^\(local model\) You said: one two/);
    }
    expect(((await (await honoApp.request("/agentmark/health", {}, env)).json()) as { ok: boolean }).ok).toBe(true);
    const unsigned = await honoApp.request("/agentmark", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }, env);
    expect(unsigned.status).toBe(401);
  });
});

describe("a Next.js route handler (examples/embedding/next-route.ts)", () => {
  withProcessSecret();
  const quietLogs = () => captureLogs();

  it("POST answers signed jobs at the route's own path and refuses anything else", async () => {
    quietLogs();
    const job = { type: "prompt-run", data: { ast: echo() } };
    const ok = await nextPOST(await signedRequest(job, { secret: SECRET, path: "/api/agentmark" }));
    expect(ok.status).toBe(200);
    expect(textOf(await lines(ok))).toMatch(/^\(local model\) You said:/);
    const json = await nextPOST(await signedRequest({ type: "get-evals" }, { secret: SECRET, path: "/api/agentmark?x=1" }));
    expect(await json.json()).toMatchObject({ type: "evals" });
    const forged = await nextPOST(await signedRequest(job, { secret: "not-the-secret", path: "/api/agentmark" }));
    expect(forged.status).toBe(401);
  });
});

describe("a plain Node HTTP server (examples/embedding/node-server.ts)", () => {
  withProcessSecret();
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createAppServer(agentmark);
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it("serves its own routes and the webhook on /agentmark, streaming over real HTTP", async () => {
    captureLogs();
    expect(await (await fetch(`${origin}/`)).text()).toBe("my server");
    const res = await fetch(`${origin}/agentmark`, await signedInit(JSON.stringify({ type: "prompt-run", data: { ast: echo() } }), { secret: SECRET }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    expect(textOf(await lines(res))).toBe("(local model) You said: one two three four five six seven eight");
    const unsigned = await fetch(`${origin}/agentmark`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(unsigned.status).toBe(401);
  });
});
