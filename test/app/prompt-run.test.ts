/**
 * prompt-run end to end through the app in workerd: streamed NDJSON (incremental, with
 * the required headers), JSON envelopes for every kind, in-band errors and aborts.
 */
import { describe, expect, it, vi } from "vitest";
import webhookHttp from "../fixtures/agentmark/vectors/webhook-http.json";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import type { AgentEvent } from "../../src/protocol";
import { createLocalRunner } from "../../src/runners/local";
import type { Runner, RunnerOf } from "../../src/runners/types";
import { bodyText, ndjsonLines, signedRequest, TEST_SECRET } from "../helpers/signed";
import { WAIT } from "../helpers/wait";

const env = { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, AGENTMARK_LOG_LEVEL: "silent" };

function ast(frontmatter: string, ...children: unknown[]) {
  return { type: "root", children: [{ type: "yaml", value: frontmatter }, ...children] };
}
function tag(name: string, text: string) {
  return { type: "mdxJsxFlowElement", name, attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: text }] }] };
}

const textAst = (model = "local/echo") => ast(`name: t\ntext_config:\n  model_name: ${model}`, tag("System", "Be brief."), tag("User", "what is two plus two"));
const objectAst = ast(
  "name: o\nobject_config:\n  model_name: local/echo\n  schema:\n    type: object\n    properties:\n      answer: { type: string }\n      confidence: { type: number, minimum: 0, maximum: 1 }\n      tags: { type: array, items: { type: string } }\n    required: [answer, confidence]",
  tag("User", "what is two plus two"),
);
const imageAst = ast("name: i\nimage_config:\n  model_name: local/paint\n  num_images: 2", tag("ImagePrompt", "a red square"));
const speechAst = ast("name: s\nspeech_config:\n  model_name: local/voice\n  voice: alloy", tag("System", "calm"), tag("SpeechPrompt", "hello world"));

const localApp = createApp(defineConfig({ runners: [createLocalRunner()] }));

async function run(job: unknown, app = localApp) {
  return app.fetch(await signedRequest(job), env);
}

function base64ToBytes(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

describe("streamed text", () => {
  it("streams NDJSON word by word with the required headers, then finish with usage", async () => {
    const res = await run({ type: "prompt-run", data: { ast: textAst() } });
    expect(res.status).toBe(200);
    for (const [name, value] of Object.entries(webhookHttp.streamResponse.requiredHeaders)) {
      expect(res.headers.get(name)).toBe(value);
    }
    expect(res.headers.get("content-encoding")).toBe("identity");
    const lines = [];
    for await (const line of ndjsonLines(res)) lines.push(line);
    const text = lines.flatMap((l) => ("result" in (l as object) ? [(l as { result: string }).result] : [])).join("");
    expect(text).toBe("(local model) You said: what is two plus two");
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.at(-1)).toEqual({
      type: "text",
      finishReason: "stop",
      usage: { inputTokens: 7, outputTokens: 9, totalTokens: 16, promptTokens: 7, completionTokens: 9 },
    });
    // No telemetry configured → no traceId → no done line (webhook-http.json doneEvent rule).
    expect(lines.some((l) => (l as { type: string }).type === "done")).toBe(false);
  });

  it("each line is one JSON.stringify(chunk) + newline, as bytes", async () => {
    const res = await run({ type: "prompt-run", data: { ast: textAst() } });
    const raw = await bodyText(res);
    expect(raw.endsWith("\n")).toBe(true);
    for (const line of raw.trimEnd().split("\n")) expect(JSON.stringify(JSON.parse(line))).toBe(line);
  });
});

describe("JSON envelopes", () => {
  it("text, when shouldStream is false", async () => {
    const res = await run({ type: "prompt-run", data: { ast: textAst(), options: { shouldStream: false } } });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      type: "text",
      result: "(local model) You said: what is two plus two",
      usage: { inputTokens: 7, outputTokens: 9, totalTokens: 16, promptTokens: 7, completionTokens: 9 },
      finishReason: "stop",
      toolCalls: [],
      toolResults: [],
    });
  });

  it("object: a value that satisfies the schema", async () => {
    const res = await run({ type: "prompt-run", data: { ast: objectAst, options: { shouldStream: false } } });
    const body = (await res.json()) as { type: string; result: { answer: string; confidence: number; tags: string[] } };
    expect(body.type).toBe("object");
    expect(typeof body.result.answer).toBe("string");
    expect(body.result.confidence).toBeGreaterThanOrEqual(0);
    expect(body.result.confidence).toBeLessThanOrEqual(1);
    expect(Array.isArray(body.result.tags)).toBe(true);
  });

  it("object streamed: partials, then the final value, then usage", async () => {
    const res = await run({ type: "prompt-run", data: { ast: objectAst } });
    const lines = [] as Array<Record<string, unknown>>;
    for await (const line of ndjsonLines(res)) lines.push(line as Record<string, unknown>);
    expect(lines.every((l) => l.type === "object")).toBe(true);
    expect(lines.at(-1)).toHaveProperty("usage");
    const results = lines.filter((l) => "result" in l).map((l) => l.result as Record<string, unknown>);
    expect(Object.keys(results[0]!)).toEqual(["answer"]);
    expect(Object.keys(results.at(-1)!)).toEqual(["answer", "confidence", "tags"]);
  });

  it("image: real PNGs, never streamed", async () => {
    const res = await run({ type: "prompt-run", data: { ast: imageAst } });
    const body = (await res.json()) as { type: string; result: Array<{ mimeType: string; base64: string }> };
    expect(body.type).toBe("image");
    expect(body.result).toHaveLength(2);
    for (const image of body.result) {
      expect(image.mimeType).toBe("image/png");
      expect([...base64ToBytes(image.base64).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    }
    expect(body.result[0]!.base64).not.toBe(body.result[1]!.base64);
  });

  it("speech: a real WAV", async () => {
    const res = await run({ type: "prompt-run", data: { ast: speechAst } });
    const body = (await res.json()) as { type: string; result: { mimeType: string; base64: string; format: string } };
    expect(body.type).toBe("speech");
    expect(body.result.mimeType).toBe("audio/wav");
    expect(body.result.format).toBe("wav");
    const bytes = base64ToBytes(body.result.base64);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("RIFF");
    expect(new TextDecoder().decode(bytes.subarray(8, 12))).toBe("WAVE");
  });
});

/** A runner driven by the test: yields what it is given and records what happened to it. */
function scriptedRunner() {
  const state = { produced: 0, aborted: false, finished: false, ended: false };
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const runner: Runner = {
    name: "scripted",
    kinds: ["text"],
    handles: () => true,
    async *runText(_prompt, ctx): AsyncIterable<AgentEvent> {
      ctx.signal.addEventListener("abort", () => (state.aborted = true));
      try {
        state.produced++;
        yield { type: "text-delta", text: "first" };
        await gate;
        for (let i = 0; i < 1000 && !ctx.signal.aborted; i++) {
          state.produced++;
          yield { type: "text-delta", text: ` ${i}` };
          await new Promise((r) => setTimeout(r, 1));
        }
        if (!ctx.signal.aborted) {
          state.finished = true;
          yield { type: "finish", reason: "stop" };
        }
      } finally {
        state.ended = true;
      }
    },
  };
  return { runner, state, release: () => release() };
}

describe("streaming behaviour", () => {
  it("the first line arrives before the runner has finished", async () => {
    const { runner, state, release } = scriptedRunner();
    const app = createApp(defineConfig({ runners: [runner] }));
    const res = await run({ type: "prompt-run", data: { ast: textAst("any/model") } }, app);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('{"type":"text","result":"first"}\n');
    expect(state.finished).toBe(false);
    release();
    await reader.cancel();
  });

  it("a client disconnect aborts the runner, stops production and is logged", async () => {
    const { runner, state, release } = scriptedRunner();
    const app = createApp(defineConfig({ runners: [runner] }));
    const logs: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void logs.push(line));
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast: textAst("any/model") } }), {
      AGENTMARK_WEBHOOK_SECRET: TEST_SECRET,
    });
    const reader = res.body!.getReader();
    await reader.read();
    release();
    await reader.read();
    await reader.cancel("client went away");
    spy.mockRestore();
    expect(logs.map((l) => JSON.parse(l))).toContainEqual({ level: "info", event: "stream_cancelled", job: "prompt-run", prompt: "t" });
    expect(state.aborted).toBe(true);
    const producedAtCancel = state.produced;
    // The runner's generator has ended (closed or out of its loop): nothing more can be produced.
    await vi.waitFor(() => expect(state.ended).toBe(true), WAIT);
    expect(state.produced).toBeLessThanOrEqual(producedAtCancel + 1);
    expect(state.finished).toBe(false);
  });

  it("the request's own abort signal reaches the runner", async () => {
    const { runner, state, release } = scriptedRunner();
    const app = createApp(defineConfig({ runners: [runner] }));
    const controller = new AbortController();
    const req = await signedRequest({ type: "prompt-run", data: { ast: textAst("any/model") } });
    const res = await app.fetch(new Request(req, { signal: controller.signal }), env);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    release();
    await vi.waitFor(() => expect(state.aborted).toBe(true), WAIT);
    expect(state.finished).toBe(false);
  });

  it("an error mid-stream becomes one terminal error line", async () => {
    const failing: Runner = {
      name: "failing",
      kinds: ["text"],
      handles: () => true,
      async *runText() {
        yield { type: "text-delta", text: "partial" };
        throw new Error("ThrottlingException");
      },
    };
    const app = createApp(defineConfig({ runners: [failing] }));
    const res = await run({ type: "prompt-run", data: { ast: textAst("x/y") } }, app);
    expect(await bodyText(res)).toBe('{"type":"text","result":"partial"}\n{"type":"error","error":"ThrottlingException"}\n');
  });

  it("nothing is written after an error event", async () => {
    const failing: Runner = {
      name: "failing",
      kinds: ["text"],
      handles: () => true,
      async *runText() {
        yield { type: "error", error: "boom" };
        yield { type: "text-delta", text: "ghost" };
      },
    };
    const app = createApp(defineConfig({ runners: [failing] }));
    const res = await run({ type: "prompt-run", data: { ast: textAst("x/y") } }, app);
    expect(await bodyText(res)).toBe('{"type":"error","error":"boom"}\n');
  });

  it("a streamed run that cannot start is answered in-band: 200, NDJSON headers, one error line, secrets redacted", async () => {
    const broken: Runner = {
      name: "broken",
      kinds: ["text"],
      handles: () => true,
      // eslint-disable-next-line require-yield
      async *runText(_p, ctx) {
        throw new Error(`upstream refused key ${ctx.env.OPENAI_API_KEY}`);
      },
    };
    const app = createApp(defineConfig({ runners: [broken] }));
    const keyed = { ...env, OPENAI_API_KEY: "sk-very-secret" };
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast: textAst("x/y") } }), keyed);
    expect(res.status).toBe(200);
    for (const [name, value] of Object.entries(webhookHttp.streamResponse.requiredHeaders)) expect(res.headers.get(name)).toBe(value);
    const body = await bodyText(res);
    expect(body).toMatch(/^\{"type":"error","error":"upstream refused key \[redacted[^"]*\]"\}\n$/);
    expect(body).not.toContain("sk-very-secret");

    // The same failure, not streamed: 500 {message}, still redacted.
    const once = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast: textAst("x/y"), options: { shouldStream: false } } }), keyed);
    expect(once.status).toBe(500);
    const { message } = (await once.json()) as { message: string };
    expect(message).toMatch(/^upstream refused key \[redacted/);
  });

  it.each([
    ["no runner serves the model", textAst("nobody/none"), /^No runner serves model "nobody\/none" \(configured runners: local\)/],
    ["the runner lacks the kind", objectAst, /^Runner "text-only" does not support object prompts\.$/],
  ])("streamed, after the prompt compiled, %s: one in-band error line", async (_name, promptAst, message) => {
    const textOnly: Runner = { name: "text-only", kinds: ["text"], handles: (m) => m === "local/echo", async *runText() {} };
    const app = createApp(defineConfig({ runners: [promptAst === objectAst ? textOnly : createLocalRunner()] }));
    const res = await run({ type: "prompt-run", data: { ast: promptAst } }, app);
    expect(res.status).toBe(200);
    expect(res.headers.get("agentmark-streaming")).toBe("true");
    const lines = [];
    for await (const line of ndjsonLines(res)) lines.push(line as { type: string; error: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.type).toBe("error");
    expect(lines[0]!.error).toMatch(message);
  });

  it("an invalid prompt or bad props stay a 4xx before any stream", async () => {
    const invalid = ast("name: t\ntext_config:\n  model_name: local/echo", { type: "mdxJsxFlowElement", name: "Nope", attributes: [], children: [] });
    const res = await run({ type: "prompt-run", data: { ast: invalid } });
    expect(res.status).toBe(400);
    expect(res.headers.get("agentmark-streaming")).toBeNull();
    expect(((await res.json()) as { message: string }).message).toMatch(/Nope/);
  });

  it("secret values never reach the stream, from a thrown error or an error event", async () => {
    const leaky: Runner = {
      name: "leaky",
      kinds: ["text"],
      handles: () => true,
      async *runText(_p, ctx) {
        yield { type: "text-delta", text: "partial" };
        throw new Error(`upstream rejected key ${ctx.env.OPENAI_API_KEY}`);
      },
    };
    const app = createApp(defineConfig({ runners: [leaky] }));
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast: textAst("x/y") } }), {
      ...env,
      OPENAI_API_KEY: "sk-super-secret-openai-key-123",
    });
    expect(await bodyText(res)).toBe('{"type":"text","result":"partial"}\n{"type":"error","error":"upstream rejected key [redacted]"}\n');
  });

  it("a runner written as a class keeps its `this`", async () => {
    class Greeter implements RunnerOf<"text"> {
      readonly name = "greeter";
      readonly kinds = ["text"] as const;
      private readonly greeting = "hello from a class";
      handles() {
        return true;
      }
      async *runText(): AsyncIterable<AgentEvent> {
        yield { type: "text-delta", text: this.greeting };
        yield { type: "finish", reason: "stop" };
      }
    }
    const app = createApp(defineConfig({ runners: [new Greeter()] }));
    const res = await run({ type: "prompt-run", data: { ast: textAst("x/y"), options: { shouldStream: false } } }, app);
    expect(((await res.json()) as { result: string }).result).toBe("hello from a class");
  });

  it("a runner that lacks the prompt's kind is refused with a clear 500", async () => {
    const textOnly: Runner = {
      name: "text-only",
      kinds: ["text"],
      handles: () => true,
      async *runText() {
        yield { type: "finish", reason: "stop" };
      },
    };
    const app = createApp(defineConfig({ runners: [textOnly] }));
    const res = await run({ type: "prompt-run", data: { ast: imageAst } }, app);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Runner "text-only" does not support image prompts.' });
  });
});
