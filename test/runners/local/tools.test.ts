/**
 * The local model calls the prompt's tools on `[[call:NAME {args}]]` markers, running the real
 * tools of the registry it was given; through the app, the markers survive the compiler's
 * markdown escaping and the wire carries the tool lines (streamed and as one envelope).
 */
import { tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createApp } from "../../../src/app";
import { defineConfig } from "../../../src/config";
import type { AgentEvent } from "../../../src/protocol";
import type { CompiledObjectPrompt, CompiledTextPrompt, ObjectConfig, TextConfig } from "../../../src/prompt/types";
import { startRun } from "../../../src/runners/dispatch";
import { createLocalRunner } from "../../../src/runners/local";
import { LOCAL_MAX_TOOL_CALLS } from "../../../src/runners/local/tool-step";
import type { RunContext } from "../../../src/runners/types";
import { ndjsonLines, signedRequest, TEST_SECRET } from "../../helpers/signed";
import { collect, textOf } from "../../helpers/events";

const SECRET_VALUE = "sk-local-tools-secret-value";
const env = { MY_API_KEY: SECRET_VALUE };
let waiting: { started: () => void } | undefined;

const tools = {
  sum: tool({ description: "Add two numbers", inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b }),
  shout: tool({ description: "Upper-case", inputSchema: z.object({ text: z.string() }), execute: ({ text }) => text.toUpperCase() }),
  leaky: tool({
    description: "Fails",
    inputSchema: z.object({}),
    execute: async (): Promise<string> => {
      throw new Error(`upstream refused key ${SECRET_VALUE}`);
    },
  }),
  hang: tool({
    description: "Waits for the abort",
    inputSchema: z.object({}),
    execute: (_input, { abortSignal }) =>
      new Promise<string>((_resolve, reject) => {
        abortSignal?.addEventListener("abort", () => reject(abortSignal.reason), { once: true });
        waiting?.started();
      }),
  }),
};
const runner = createLocalRunner({ tools });

function text(user: string, config: Partial<TextConfig> = {}): CompiledTextPrompt {
  return { kind: "text", name: "t", messages: [{ role: "user", content: user }], text_config: { model_name: "local/echo", tools: ["sum"], max_calls: 2, ...config } };
}

function object(user: string, config: Partial<ObjectConfig> = {}): CompiledObjectPrompt {
  const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
  return { kind: "object", name: "o", messages: [{ role: "user", content: user }], object_config: { model_name: "local/echo", schema, tools: ["sum"], ...config } };
}

const ctx = (over: Partial<RunContext> = {}): RunContext => ({ signal: new AbortController().signal, stream: true, env, ...over });

const toolEvents = (events: AgentEvent[]) => events.filter((e) => e.type === "tool-call" || e.type === "tool-result");

describe("local model: tools on [[call:…]] markers", () => {
  it("calls each marker's tool in order, then answers with the results", async () => {
    const events = await collect(startRun(runner, text('add [[call:sum {"a":2,"b":3}]] and [[call:shout {"text":"hi"}]]', { tools: ["sum", "shout"] }), ctx()));
    expect(toolEvents(events)).toEqual([
      { type: "tool-call", id: "local_call_1", name: "sum", args: { a: 2, b: 3 } },
      { type: "tool-result", id: "local_call_1", name: "sum", result: 5 },
      { type: "tool-call", id: "local_call_2", name: "shout", args: { text: "hi" } },
      { type: "tool-result", id: "local_call_2", name: "shout", result: "HI" },
    ]);
    expect(textOf(events)).toBe("Tool said: 5, HI");
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "stop" });
  });

  it("is deterministic, streamed or not (a one-shot run gets its answer in one delta)", async () => {
    const prompt = text('[[call:sum {"a":1,"b":2}]]');
    const runs = await Promise.all([collect(startRun(runner, prompt, ctx())), collect(startRun(runner, prompt, ctx({ stream: false }))), collect(startRun(runner, prompt, ctx()))]);
    expect(runs[2]).toEqual(runs[0]);
    const joined = (events: typeof runs[0]) => ({
      text: events.flatMap((e) => (e.type === "text-delta" ? [e.text] : [])).join(""),
      others: events.filter((e) => e.type !== "text-delta"),
    });
    expect(joined(runs[1])).toEqual(joined(runs[0]));
    expect(runs[1].filter((e) => e.type === "text-delta")).toHaveLength(1);
  });

  it("counts usage over both model calls: the calls, the results, the answer", async () => {
    const events = await collect(startRun(runner, text('go [[call:sum {"a":1,"b":2}]]'), ctx()));
    // call 1 reads the message (3 words), writes `sum {"a":1,"b":2}` (2); call 2 reads 3 + 2 + `3` (1), writes `Tool said: 3` (3)
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop", usage: { inputTokens: 9, outputTokens: 5, totalTokens: 14 } });
  });

  it("without max_calls (one model call) it stops after the tool results", async () => {
    const events = await collect(startRun(runner, text('[[call:sum {"a":1,"b":2}]]', { max_calls: undefined }), ctx()));
    expect(events.map((e) => e.type)).toEqual(["tool-call", "tool-result", "finish"]);
    expect(events.at(-1)).toMatchObject({ reason: "tool-calls" });
  });

  it("a failing call is an error result the answer reports: invalid input, bad JSON, a tool the prompt does not offer, a throw (redacted)", async () => {
    const prompt = text('[[call:sum {"a":"x"}]] [[call:sum {a:1}]] [[call:shout {"text":"x"}]] [[call:leaky]]', { tools: ["sum", "leaky"] });
    const events = await collect(startRun(runner, prompt, ctx()));
    const results = events.filter((e): e is Extract<AgentEvent, { type: "tool-result" }> => e.type === "tool-result");
    expect(results.map((r) => r.isError)).toEqual([true, true, true, true]);
    expect(results[0]!.result).toBe("Invalid input for tool 'sum': a: Invalid input: expected number, received string; b: Invalid input: expected number, received undefined");
    expect(results[1]!.result).toMatch(/^Invalid input for tool 'sum': the arguments are not JSON \(/);
    expect(results[2]!.result).toBe("Model tried to call unavailable tool 'shout'. Available tools: sum, leaky.");
    expect(results[3]!.result).toBe("upstream refused key [redacted MY_API_KEY]");
    expect(JSON.stringify(events)).not.toContain(SECRET_VALUE);
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "stop" });
  });

  it("calls no tool without a marker, with tool_choice: none, or without a registry (the echo as before)", async () => {
    for (const [r, prompt] of [
      [runner, text("no marker here")],
      [runner, text('[[call:sum {"a":1,"b":2}]]', { tool_choice: "none" })],
      [createLocalRunner(), text('[[call:sum {"a":1,"b":2}]]', { tools: ["not-registered"] })],
    ] as const) {
      const events = await collect(startRun(r, prompt, ctx()));
      expect(toolEvents(events)).toEqual([]);
      expect(textOf(events)).toMatch(/^\(local model\) You said: /);
    }
  });

  it("an unknown or MCP tool in the prompt is a configuration error, thrown before any event", () => {
    expect(() => startRun(runner, text("hi", { tools: ["nope"] }), ctx())).toThrow("Tool 'nope' referenced in prompt config was not found in the tools registry. Available tools: sum, shout, leaky, hang.");
    expect(() => startRun(runner, object("hi", { tools: ["mcp://server/sum"] }), ctx())).toThrow(/MCP tool references are not supported by the local runner/);
  });

  it("the older record form: a renamed tool is called by its prompt name", async () => {
    const events = await collect(startRun(runner, text('[[call:add {"a":4,"b":4}]]', { tools: { add: "sum" } }), ctx()));
    expect(toolEvents(events)).toEqual([
      { type: "tool-call", id: "local_call_1", name: "add", args: { a: 4, b: 4 } },
      { type: "tool-result", id: "local_call_1", name: "add", result: 8 },
    ]);
  });

  it(`at most ${LOCAL_MAX_TOOL_CALLS} calls per run: more markers end the run with one error, no tool run`, async () => {
    const events = await collect(startRun(runner, text('[[call:sum {"a":1,"b":1}]]'.repeat(LOCAL_MAX_TOOL_CALLS + 1)), ctx()));
    expect(events).toEqual([{ type: "error", error: `The local model makes at most ${LOCAL_MAX_TOOL_CALLS} tool calls per run; the last user message has ${LOCAL_MAX_TOOL_CALLS + 1} [[call:…]] markers.` }]);
  });

  it("an abort while a tool runs reaches the tool and ends the run with one terminal error", async () => {
    const controller = new AbortController();
    const started = new Promise<void>((resolve) => (waiting = { started: resolve }));
    const run = collect(startRun(runner, text("[[call:hang]]", { tools: ["hang"] }), ctx({ signal: controller.signal })));
    await started;
    controller.abort();
    const events = await run;
    expect(events.map((e) => e.type)).toEqual(["tool-call", "error"]);
    expect(events.at(-1)).toMatchObject({ error: expect.stringMatching(/aborted/i) });
  });

  it("object prompts: the tool results seed the object; max_calls: 1 leaves no call for it (an error, as on the AI SDK)", async () => {
    const events = await collect(startRun(runner, object('[[call:sum {"a":2,"b":3}]]'), ctx()));
    expect(toolEvents(events).map((e) => e.type)).toEqual(["tool-call", "tool-result"]);
    expect(events.find((e) => e.type === "object-final")).toEqual({ type: "object-final", value: { answer: "Tool said: 5" } });
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "stop" });

    const limited = await collect(startRun(runner, object('[[call:sum {"a":2,"b":3}]]', { max_calls: 1 }), ctx()));
    expect(limited.map((e) => e.type)).toEqual(["tool-call", "tool-result", "error"]);
  });
});

describe("local model tools through the app", () => {
  const app = createApp(defineConfig({ runners: [createLocalRunner({ tools })] }));
  const appEnv = { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, AGENTMARK_LOG_LEVEL: "silent" };
  // The marker comes from a prop, which the compiler markdown-escapes (`\[\[call:sum \{…`).
  const ast = {
    type: "root",
    children: [
      { type: "yaml", value: 'name: calc\ntext_config:\n  model_name: local/echo\n  tools: [sum]\n  max_calls: 2\ntest_settings:\n  props:\n    ask: \'[[call:sum {"a":2,"b":3}]]\'' },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "What is 2 + 3? " }, { type: "mdxTextExpression", value: "props.ask" }] }] },
    ],
  };

  it("streamed: a toolCall line, a toolResult line, the answer, finish", async () => {
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast } }), appEnv);
    const lines: unknown[] = [];
    for await (const line of ndjsonLines(res)) lines.push(line);
    expect(lines.slice(0, 2)).toEqual([
      { type: "text", toolCall: { toolCallId: "local_call_1", toolName: "sum", args: { a: 2, b: 3 } } },
      { type: "text", toolResult: { toolCallId: "local_call_1", toolName: "sum", result: 5 } },
    ]);
    expect(lines.slice(2, -1)).toEqual([{ type: "text", result: "Tool" }, { type: "text", result: " said:" }, { type: "text", result: " 5" }]);
    expect(lines.at(-1)).toMatchObject({ type: "text", finishReason: "stop" });
  });

  it("one JSON envelope with toolCalls and toolResults", async () => {
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast, options: { shouldStream: false } } }), appEnv);
    expect(await res.json()).toMatchObject({
      type: "text",
      result: "Tool said: 5",
      toolCalls: [{ toolCallId: "local_call_1", toolName: "sum", args: { a: 2, b: 3 } }],
      toolResults: [{ toolCallId: "local_call_1", toolName: "sum", result: 5 }],
      finishReason: "stop",
    });
  });
});
