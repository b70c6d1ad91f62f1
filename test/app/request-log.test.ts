/**
 * Logs that help in production, inside workerd: one `request` line when a request really ends
 * (a stream's when the stream does) with its duration, job, prompt, model, rows and error
 * lines; an error-level line for every in-band error; the reason of a 401.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import type { AgentEvent } from "../../src/protocol";
import { createLocalRunner } from "../../src/runners/local";
import type { Runner } from "../../src/runners/types";
import { createWebhookHandler } from "../../src/webhook-handler";
import { bodyText, signedRequest, TEST_SECRET } from "../helpers/signed";

const env = { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET };

function ast(frontmatter: string, text = "hello there") {
  return {
    type: "root",
    children: [
      { type: "yaml", value: frontmatter },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: text }] }] },
    ],
  };
}

type Line = Record<string, unknown>;

/** Every JSON log line, info and error, in order. */
function captureLogs(): Line[] {
  const lines: Line[] = [];
  const keep = (line: unknown) => void lines.push(JSON.parse(String(line)) as Line);
  vi.spyOn(console, "log").mockImplementation(keep);
  vi.spyOn(console, "error").mockImplementation(keep);
  return lines;
}

const requestLines = (logs: Line[]) => logs.filter((l) => l.event === "request");

/** A runner that yields one word, then waits for `release()` before finishing. */
function heldRunner() {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const runner: Runner = {
    name: "held",
    kinds: ["text"],
    handles: () => true,
    async *runText(): AsyncIterable<AgentEvent> {
      yield { type: "text-delta", text: "one" };
      await held;
      yield { type: "text-delta", text: " two" };
      yield { type: "finish", reason: "stop", usage: { inputTokens: 2, outputTokens: 2 } };
    },
  };
  return { runner, release: () => release() };
}

afterEach(() => vi.restoreAllMocks());

describe("the request line", () => {
  it("a streamed run is logged once, when the stream has ended, with its duration, prompt and model", async () => {
    const logs = captureLogs();
    const { runner, release } = heldRunner();
    const app = createApp(defineConfig({ runners: [runner] }));
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast: ast("name: greet\ntext_config:\n  model_name: any/model") } }), env);
    const reader = res.body!.getReader();
    await reader.read();
    expect(requestLines(logs)).toEqual([]); // headers sent, the run still going: not over yet
    release();
    while (!(await reader.read()).done);
    await vi.waitFor(() => expect(requestLines(logs)).toHaveLength(1));
    const [line] = requestLines(logs);
    expect(Object.keys(line!).slice(0, 7)).toEqual(["level", "event", "method", "path", "status", "job", "ms"]);
    expect(line).toMatchObject({ level: "info", method: "POST", path: "/", status: 200, job: "prompt-run", prompt: "greet", model: "any/model", errors: 0, outcome: "completed" });
    expect(line!.ms).toBeGreaterThanOrEqual(line!.headersMs as number);
  });

  it("a stream the client abandons is logged as cancelled", async () => {
    const logs = captureLogs();
    const { runner } = heldRunner();
    const app = createApp(defineConfig({ runners: [runner] }));
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast: ast("name: left\ntext_config:\n  model_name: any/model") } }), env);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel("client went away");
    await vi.waitFor(() => expect(requestLines(logs)).toHaveLength(1));
    expect(requestLines(logs)[0]).toMatchObject({ status: 200, job: "prompt-run", prompt: "left", outcome: "cancelled" });
  });

  it("a dataset-run counts its rows and its error lines; each error line is also an error-level line", async () => {
    const logs = captureLogs();
    const app = createApp(
      defineConfig({
        runners: [createLocalRunner()],
        datasets: { "rows.jsonl": '{"input":{"q":"a"}}\n{"input":{"q":"b"}}\n{"input":"not an object"}\n' },
      }),
    );
    const prompt = ast("name: rows\ntext_config:\n  model_name: local/echo\ntest_settings:\n  dataset: rows.jsonl");
    const res = await app.fetch(await signedRequest({ type: "dataset-run", data: { ast: prompt } }), env);
    const body = await bodyText(res);
    const errorLines = body.split("\n").filter((l) => l.includes('"type":"error"'));
    expect(errorLines.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(requestLines(logs)).toHaveLength(1));
    expect(requestLines(logs)[0]).toMatchObject({ job: "dataset-run", prompt: "rows", model: "local/echo", rows: 2, errors: errorLines.length, outcome: "completed" });
    const streamErrors = logs.filter((l) => l.event === "stream_error");
    expect(streamErrors).toHaveLength(errorLines.length);
    expect(streamErrors[0]).toMatchObject({ level: "error", job: "dataset-run", prompt: "rows", model: "local/echo", error: expect.any(String) });
  });

  it("an in-band error of a prompt-run is an error-level line with the job, prompt, model and message", async () => {
    const logs = captureLogs();
    const app = createApp(defineConfig({ runners: [createLocalRunner()] }));
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast: ast("name: lost\ntext_config:\n  model_name: nobody/none") } }), env);
    await bodyText(res);
    await vi.waitFor(() => expect(requestLines(logs)).toHaveLength(1));
    expect(logs.find((l) => l.event === "stream_error")).toMatchObject({
      level: "error",
      job: "prompt-run",
      prompt: "lost",
      model: "nobody/none",
      error: expect.stringMatching(/^No runner serves model "nobody\/none"/),
    });
    expect(requestLines(logs)[0]).toMatchObject({ status: 200, errors: 1, outcome: "completed" });
  });

  it("a JSON answer is logged at once, without stream fields", async () => {
    const logs = captureLogs();
    const app = createApp(defineConfig({ runners: [createLocalRunner()] }));
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast: ast("name: once\ntext_config:\n  model_name: local/echo"), options: { shouldStream: false } } }), env);
    expect(requestLines(logs)).toHaveLength(1);
    await res.json();
    const [line] = requestLines(logs);
    expect(line).toMatchObject({ status: 200, job: "prompt-run", prompt: "once", model: "local/echo" });
    expect(line).not.toHaveProperty("outcome");
    expect(line).not.toHaveProperty("headersMs");
  });

  it.each([
    ["missing", {}],
    ["malformed", { "x-agentmark-signature-256": "md5=abc" }],
    ["mismatch", { "x-agentmark-signature-256": `sha256=${"0".repeat(64)}` }],
  ])("a 401 says why: %s", async (reason, headers) => {
    const logs = captureLogs();
    const app = createApp(defineConfig({ runners: [createLocalRunner()] }));
    const res = await app.fetch(new Request("http://webhook.test/", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" }), env);
    expect(res.status).toBe(401);
    expect(requestLines(logs)).toEqual([expect.objectContaining({ status: 401, reason })]);
  });
});

describe("runPrompt and runExperiment", () => {
  it("log one `run` line when the run ends", async () => {
    const logs = captureLogs();
    const handler = createWebhookHandler(defineConfig({ runners: [createLocalRunner()] }));
    const res = await handler.runPrompt({ ast: ast("name: direct\ntext_config:\n  model_name: local/echo") }, { env: {} });
    await bodyText(res);
    await vi.waitFor(() => expect(logs.filter((l) => l.event === "run")).toHaveLength(1));
    expect(logs.find((l) => l.event === "run")).toMatchObject({ status: 200, job: "prompt-run", prompt: "direct", model: "local/echo", errors: 0, outcome: "completed" });
  });
});
