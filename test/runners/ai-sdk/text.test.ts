/** Text prompts end to end: real @ai-sdk/openai inside workerd against the fake OpenAI server. */
import { tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAiSdkRunner, openaiFromEnv } from "../../../src/runners/ai-sdk";
import { collect, ctx, FAKE_KEY, only, requestsWith, textOf, textPrompt, uid } from "./helpers";

const sum = tool({
  description: "Add two numbers",
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => a + b,
});
const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv }, tools: { sum } });

describe.each([
  ["Responses API", "openai/gpt-4o-mini", "/openai/v1/responses"],
  ["Chat Completions", "openai.chat/gpt-4o-mini", "/openai/v1/chat/completions"],
])("text via %s", (_label, model, path) => {
  it.each([true, false])("stream=%s: text, finish reason and usage", async (stream) => {
    const id = uid();
    const events = await collect(
      runner.runText!(textPrompt(model, `${id} [[say:Hello there, world!]]`, { temperature: 0.3, max_tokens: 50, top_p: 0.9 }, "Be brief."), ctx({ stream })),
    );
    expect(textOf(events)).toBe("Hello there, world!");
    if (stream) expect(only(events, "text-delta").length).toBeGreaterThan(1);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop", usage: { inputTokens: 11, outputTokens: 7, totalTokens: 18 } });
    const [req] = await requestsWith(id);
    expect(req?.path).toBe(path);
    expect(req?.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    const body = JSON.parse(req!.body);
    expect(body.stream ?? false).toBe(stream);
    expect(body.temperature).toBe(0.3);
    expect(body.top_p).toBe(0.9);
    if (path.endsWith("responses")) {
      expect(body.max_output_tokens).toBe(50);
      expect(body.instructions ?? JSON.stringify(body.input)).toContain("Be brief.");
    } else {
      expect(body.max_tokens ?? body.max_completion_tokens).toBe(50);
      expect(body.messages[0]).toEqual({ role: "system", content: "Be brief." });
    }
  });

  it.each([true, false])("stream=%s: a two-step tool loop yields tool-call, tool-result, then the answer", async (stream) => {
    const id = uid();
    const events = await collect(
      runner.runText!(textPrompt(model, `${id} add [[call:sum {"a":2,"b":3}]]`, { tools: ["sum"], max_calls: 3 }), ctx({ stream })),
    );
    const types = events.map((e) => e.type).filter((t) => t !== "text-delta");
    expect(types).toEqual(["tool-call", "tool-result", "finish"]);
    const call = only(events, "tool-call")[0]!;
    expect(call).toMatchObject({ name: "sum", args: { a: 2, b: 3 } });
    expect(only(events, "tool-result")[0]).toEqual({ type: "tool-result", id: call.id, name: "sum", result: 5 });
    expect(textOf(events)).toBe("Tool said: 5");
    // two model calls: usage is the total of both steps
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop", usage: { inputTokens: 22, outputTokens: 14, totalTokens: 36 } });
    const reqs = await requestsWith(id);
    expect(reqs).toHaveLength(2);
    expect(reqs[1]!.body).toContain(path.endsWith("responses") ? "function_call_output" : '"role":"tool"');
  });

  it("derives totalTokens when the provider omits it (finalize-usage)", async () => {
    const id = uid();
    const events = await collect(runner.runText!(textPrompt(`${model.split("/")[0]}/gpt+no-total`, `${id}`), ctx()));
    expect(events.at(-1)).toMatchObject({ type: "finish", usage: { inputTokens: 11, outputTokens: 7, totalTokens: 18 } });
  });
});

it("without max_calls a text prompt makes one model call (SDK default), tool result included", async () => {
  const id = uid();
  const events = await collect(runner.runText!(textPrompt("openai/gpt", `${id} [[call:sum {"a":1,"b":1}]]`, { tools: ["sum"] }), ctx()));
  expect(events.map((e) => e.type)).toEqual(["tool-call", "tool-result", "finish"]);
  expect(events.at(-1)).toMatchObject({ reason: "tool-calls" });
  expect(await requestsWith(id)).toHaveLength(1);
});

it("a tool that throws becomes a tool-result with isError, and the loop continues", async () => {
  const failing = createAiSdkRunner({
    providers: { openai: openaiFromEnv },
    tools: {
      boom: tool({
        inputSchema: z.object({}),
        execute: async (): Promise<string> => {
          throw new Error("tool exploded");
        },
      }),
    },
  });
  const id = uid();
  const events = await collect(failing.runText!(textPrompt("openai/gpt", `${id} [[call:boom {}]]`, { tools: ["boom"], max_calls: 2 }), ctx()));
  expect(only(events, "tool-result")[0]).toMatchObject({ name: "boom", isError: true, result: "tool exploded" });
  expect(textOf(events)).toContain("Tool said:");
});

it("a Chat Completions stream without usage yields a finish without usage", async () => {
  const events = await collect(runner.runText!(textPrompt("openai.chat/gpt+no-usage", uid()), ctx()));
  const finish = events.at(-1);
  expect(finish?.type).toBe("finish");
  expect(finish && "usage" in finish).toBe(false);
});
