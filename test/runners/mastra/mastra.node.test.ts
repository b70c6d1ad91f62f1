/**
 * The Mastra runner against the fake OpenAI (Node): settings and System messages reach the
 * model call, your own agents, tool errors, configuration errors, Mastra's logging and
 * telemetry. The shared behaviour (streams, tools, abort, failures) is the conformance suite.
 */
import { Agent } from "@mastra/core/agent";
import { createTool } from "@mastra/core/tools";
import { tool } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { MissingSettingError } from "../../../src/core/errors";
import type { AgentEvent } from "../../../src/protocol/agent-events";
import type { CompiledObjectPrompt, CompiledTextPrompt, TextConfig } from "../../../src/prompt/types";
import { startRun } from "../../../src/runners/dispatch";
import { agentmarkModel, createMastraRunner } from "../../../src/runners/mastra";
import { createModelRegistry } from "../../../src/runners/toolkit";
import { openaiFromEnv } from "../../../src/runners/toolkit/openai";
import type { RunContext } from "../../../src/runners/types";
import { WAIT_MS } from "../../helpers/wait";
import { FAKE_KEY, fakeEnv, origin, requestsWith } from "./helpers";
import { captureLogs } from "../../helpers/logs";
import { collect, textOf } from "../../helpers/events";

const models = createModelRegistry({ providers: { openai: openaiFromEnv } });
const sum = tool({ description: "Add two numbers", inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b });
const leaky = tool({
  description: "Fails",
  inputSchema: z.object({}),
  execute: async (): Promise<string> => {
    throw new Error(`upstream refused ${FAKE_KEY}`);
  },
});
const runner = createMastraRunner({ models, tools: { sum, leaky } });

const uid = () => `m${crypto.randomUUID().slice(0, 8)}`;
const ctx = (over: Partial<RunContext> = {}): RunContext => ({ signal: new AbortController().signal, stream: true, env: fakeEnv, ...over });

function textPrompt(model: string, user: string, config: Partial<TextConfig> = {}, name = "t"): CompiledTextPrompt {
  return {
    kind: "text",
    name,
    messages: [
      { role: "system", content: "Be brief." },
      { role: "system", content: "Answer in English." },
      { role: "user", content: user },
    ],
    text_config: { model_name: model, ...config },
  };
}

afterEach(() => vi.restoreAllMocks());

describe("settings", () => {
  it.each([true, false])("Chat Completions, stream=%s: every prompt setting and the System messages reach the request", async (stream) => {
    const id = uid();
    const config = { temperature: 0.3, max_tokens: 50, top_p: 0.9, presence_penalty: 0.1, frequency_penalty: 0.2, stop_sequences: ["END"], seed: 7 };
    const events = await collect(startRun(runner, textPrompt("openai.chat/gpt-4o-mini", `${id} [[say:fine]]`, config), ctx({ stream })));
    expect(textOf(events)).toBe("fine");
    const [request] = await requestsWith(id);
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ temperature: 0.3, max_tokens: 50, top_p: 0.9, presence_penalty: 0.1, frequency_penalty: 0.2, stop: ["END"], seed: 7 });
    expect(body.messages[0]).toEqual({ role: "system", content: "Be brief.\n\nAnswer in English." });
  });

  it("Responses API: the System messages are the instructions; tool_choice reaches the request", async () => {
    const id = uid();
    await collect(startRun(runner, textPrompt("openai/gpt-4o-mini", `${id} [[call:sum {"a":1,"b":2}]]`, { tools: ["sum"], tool_choice: { type: "tool", tool_name: "sum" } }), ctx({ stream: false })));
    const body = JSON.parse((await requestsWith(id))[0]!.body);
    expect(body.input[0]).toEqual({ role: "system", content: "Be brief.\n\nAnswer in English." });
    expect(body.tools.map((t: { name: string }) => t.name)).toEqual(["sum"]);
    expect(body.tool_choice).toEqual({ type: "function", name: "sum" });
  });

  it("an object prompt sends its JSON schema as the response format", async () => {
    const id = uid();
    const prompt: CompiledObjectPrompt = {
      kind: "object",
      name: "o",
      messages: [{ role: "user", content: `${id} [[json:{"city":"Oslo"}]]` }],
      object_config: { model_name: "openai/gpt-4o-mini", schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false } },
    };
    const events = await collect(startRun(runner, prompt, ctx({ stream: false })));
    expect(events.find((e) => e.type === "object-final")).toEqual({ type: "object-final", value: { city: "Oslo" } });
    const body = JSON.parse((await requestsWith(id))[0]!.body);
    expect(body.text.format).toMatchObject({ type: "json_schema", schema: { properties: { city: { type: "string" } } } });
  });

  it("without max_calls a prompt with tools makes one model call, as on the AI SDK runner", async () => {
    const id = uid();
    const events = await collect(startRun(runner, textPrompt("openai/gpt", `${id} [[call:sum {"a":1,"b":1}]]`, { tools: ["sum"] }), ctx()));
    expect(events.map((e) => e.type)).toEqual(["tool-call", "tool-result", "finish"]);
    expect(events.at(-1)).toMatchObject({ reason: "tool-calls" });
    expect(await requestsWith(id)).toHaveLength(1);
  });

  it("retries as the AI SDK runner does: 2 by default, max_retries when set", async () => {
    for (const [maxRetries, calls] of [[undefined, 3], [0, 1]] as const) {
      const id = uid();
      const events = await collect(startRun(runner, textPrompt("openai/fail-429", id, maxRetries === undefined ? {} : { max_retries: maxRetries }), ctx({ stream: false })));
      expect(events.at(-1)).toMatchObject({ type: "error", error: expect.stringContaining("Rate limit reached") });
      expect(await requestsWith(id)).toHaveLength(calls);
    }
  });
});

describe("your own Mastra agents", () => {
  const notes: string[] = [];
  const lookup = createTool({
    id: "lookup",
    description: "Look up an order",
    inputSchema: z.object({ order: z.string() }),
    execute: async ({ order }) => (notes.push(order), `order ${order} shipped`),
  });
  const support = new Agent({
    id: "support",
    name: "Support",
    instructions: "You are the support agent.",
    model: agentmarkModel(models, "openai.chat/support-model"),
    tools: { lookup },
  });
  const mine = createMastraRunner({ models, tools: { sum }, agents: { prompts: { "support-triage": support }, models: { "mastra/support": support } } });

  it("a prompt registered by name runs on that agent: its model, instructions and tools, plus the prompt's System text", async () => {
    const id = uid();
    const events = await collect(startRun(mine, textPrompt("openai/gpt-4o-mini", `${id} [[call:lookup {"order":"A-1"}]]`, { max_calls: 2 }, "support-triage"), ctx()));
    expect(events.find((e) => e.type === "tool-result")).toMatchObject({ name: "lookup", result: "order A-1 shipped" });
    expect(textOf(events)).toBe("Tool said: order A-1 shipped");
    const [first] = await requestsWith(id);
    expect(first!.path).toBe("/openai/v1/chat/completions");
    const body = JSON.parse(first!.body);
    expect(body.model).toBe("support-model");
    expect(JSON.stringify(body.messages)).toContain("You are the support agent.");
    expect(JSON.stringify(body.messages)).toContain("Be brief.");
  });

  it("the prompt's own tools are added to the agent's", async () => {
    const id = uid();
    await collect(startRun(mine, textPrompt("openai/x", `${id} [[say:ok]]`, { tools: ["sum"] }, "support-triage"), ctx()));
    const body = JSON.parse((await requestsWith(id))[0]!.body);
    expect(body.tools.map((t: { function: { name: string } }) => t.function.name).sort()).toEqual(["lookup", "sum"]);
  });

  it("a model name registered for an agent is served by the runner and runs on that agent", async () => {
    expect(mine.handles("mastra/support")).toBe(true);
    expect(runner.handles("mastra/support")).toBe(false);
    const id = uid();
    const events = await collect(startRun(mine, textPrompt("mastra/support", `${id} [[call:lookup {"order":"B-2"}]]`, { max_calls: 2 }), ctx({ stream: false })));
    expect(textOf(events)).toBe("Tool said: order B-2 shipped");
    expect(JSON.parse((await requestsWith(id))[0]!.body).model).toBe("support-model");
  });

  it("the agent's model comes from the shared provider map with the request's environment", async () => {
    const id = uid();
    const otherKey = "sk-other-request-key-42424242";
    await collect(startRun(mine, textPrompt("mastra/support", `${id} [[say:hi]]`), ctx({ env: { ...fakeEnv, OPENAI_API_KEY: otherKey } })));
    const all = (await (await fetch(`${origin}/_control/requests`)).json()) as Array<{ body: string; headers: Record<string, string> }>;
    expect(all.find((r) => r.body.includes(id))?.headers.authorization).toBe(`Bearer ${otherKey}`);
  });

  it("other prompts get an agent built from the prompt", async () => {
    const id = uid();
    await collect(startRun(mine, textPrompt("openai/gpt-4o-mini", `${id} [[say:x]]`), ctx()));
    const body = JSON.parse((await requestsWith(id))[0]!.body);
    expect(body.model).toBe("gpt-4o-mini");
    expect(JSON.stringify(body)).not.toContain("support agent");
  });
});

describe("failures", () => {
  it.each([true, false])("stream=%s: a tool that throws is a tool-result with isError, the key redacted", async (stream) => {
    const events = await collect(startRun(runner, textPrompt("openai/gpt", `${uid()} [[call:leaky {}]]`, { tools: ["leaky"], max_calls: 2 }), ctx({ stream })));
    const result = events.find((e) => e.type === "tool-result");
    expect(result).toMatchObject({ name: "leaky", isError: true, result: "upstream refused [redacted OPENAI_API_KEY]" });
  });

  it("a timeout from the runner options ends the run with one terminal error and aborts the upstream request", async () => {
    const timed = createMastraRunner({ models, timeout: 300 });
    const id = uid();
    // The upstream never answers: only the runner's own timeout can end this call.
    const events = await collect(startRun(timed, textPrompt("openai/no-answer", id, { max_retries: 0 }), ctx({ stream: false })));
    expect(events).toEqual([{ type: "error", error: expect.stringMatching(/timeout|timed out|abort/i) }]);
    const until = Date.now() + WAIT_MS;
    let aborted: string[] = [];
    while (Date.now() < until && !aborted.some((a) => a.includes(id))) {
      aborted = (await (await fetch(`${origin}/_control/aborted`)).json()) as string[];
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(aborted.some((a) => a.includes(id))).toBe(true);
  });

  it("configuration problems throw before any output", () => {
    expect(() => startRun(runner, textPrompt("openai/gpt", "hi"), ctx({ env: {} }))).toThrow(MissingSettingError);
    expect(() => startRun(runner, textPrompt("openai/gpt", "hi", { tools: ["nope"] }), ctx())).toThrow(/Tool 'nope'.*Available tools: sum, leaky/);
    expect(() => startRun(runner, textPrompt("openai/gpt", "hi", { tools: ["mcp://s/t"] }), ctx())).toThrow(/not supported by the mastra runner/);
    expect(() => startRun(runner, textPrompt("anthropic/claude", "hi"), ctx())).toThrow(/Model 'anthropic\/claude' is not available/);
  });

  it("Mastra logs nothing of its own (its console logger would print the provider's error, key included)", async () => {
    const printed = captureLogs();
    for (const stream of [true, false]) {
      const events = await collect(startRun(runner, textPrompt("openai/fail-401", uid(), { max_retries: 0 }), ctx({ stream })));
      expect(events.at(-1)?.type).toBe("error");
    }
    await collect(startRun(runner, textPrompt("openai/disconnect-mid-stream", `${uid()} [[say:a b c d]]`), ctx()));
    expect(printed).toEqual([]);
  });
});

describe("Mastra's telemetry", () => {
  it("is off unless the deployment turns it on, and nothing leaves 127.0.0.1", async () => {
    const before = process.env.MASTRA_TELEMETRY_DISABLED;
    try {
      delete process.env.MASTRA_TELEMETRY_DISABLED;
      createMastraRunner({ models, mastraTelemetry: true });
      expect(process.env.MASTRA_TELEMETRY_DISABLED).toBeUndefined();
      const fetched: string[] = [];
      const realFetch = globalThis.fetch;
      vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
        fetched.push(input instanceof Request ? input.url : String(input));
        return realFetch(input, init);
      });
      const quiet = createMastraRunner({ models });
      expect(process.env.MASTRA_TELEMETRY_DISABLED).toBe("1");
      await collect(startRun(quiet, textPrompt("openai/gpt-4o-mini", `${uid()} [[say:hi]]`), ctx()));
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.filter((url) => !url.startsWith(origin))).toEqual([]);
      process.env.MASTRA_TELEMETRY_DISABLED = "0";
      createMastraRunner({ models });
      expect(process.env.MASTRA_TELEMETRY_DISABLED).toBe("0");
    } finally {
      if (before === undefined) delete process.env.MASTRA_TELEMETRY_DISABLED;
      else process.env.MASTRA_TELEMETRY_DISABLED = before;
    }
  });
});
