/** Object prompts end to end: structured output (`Output.object` + JSON schema) via the fake. */
import { tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAiSdkRunner, openaiFromEnv } from "../../../src/runners/ai-sdk";
import { answerSchema, collect, ctx, objectPrompt, only, requestsWith, uid } from "./helpers";

const lookup = tool({
  description: "Look up a fact",
  inputSchema: z.object({ q: z.string() }),
  execute: async ({ q }) => `fact about ${q}`,
});
const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv }, tools: { lookup } });
const value = { answer: "8", confidence: 0.9 };

describe.each([
  ["Responses API", "openai/gpt-4o-mini"],
  ["Chat Completions", "openai.chat/gpt-4o-mini"],
])("object via %s", (_label, model) => {
  it("streams partial objects, then the final object and usage", async () => {
    const id = uid();
    const events = await collect(runner.runObject!(objectPrompt(model, `${id} [[json:${JSON.stringify(value)}]]`, { schema_name: "answer" }), ctx()));
    const partials = only(events, "object-delta").map((e) => e.partial);
    expect(partials.length).toBeGreaterThan(1);
    expect(partials.at(-1)).toEqual(value);
    expect(partials[0]).not.toEqual(value);
    expect(events.slice(-2)).toEqual([
      { type: "object-final", value },
      { type: "finish", reason: "stop", usage: { inputTokens: 11, outputTokens: 7, totalTokens: 18 } },
    ]);
    expect(only(events, "text-delta")).toHaveLength(0);
    const body = JSON.parse((await requestsWith(id))[0]!.body);
    const format = model.startsWith("openai/") ? body.text.format : body.response_format;
    expect(format.type).toBe("json_schema");
    expect(JSON.stringify(format)).toContain('"answer"');
  });

  it("JSON mode: object-final and finish only", async () => {
    const events = await collect(runner.runObject!(objectPrompt(model, `${uid()} [[json:${JSON.stringify(value)}]]`), ctx({ stream: false })));
    expect(events).toEqual([
      { type: "object-final", value },
      { type: "finish", reason: "stop", usage: { inputTokens: 11, outputTokens: 7, totalTokens: 18 } },
    ]);
  });

  it.each([true, false])("stream=%s: object prompts with tools call the tool, then answer", async (stream) => {
    const id = uid();
    const events = await collect(runner.runObject!(objectPrompt(model, `${id} [[call:lookup {"q":"8"}]]`, { tools: ["lookup"] }), ctx({ stream })));
    expect(events.map((e) => e.type).filter((t) => t !== "object-delta")).toEqual(["tool-call", "tool-result", "object-final", "finish"]);
    expect(only(events, "tool-result")[0]).toMatchObject({ name: "lookup", result: "fact about 8" });
    // the fake synthesises an object from the schema once it has the tool result
    expect(only(events, "object-final")[0]!.value).toEqual({ answer: "fake answer", confidence: 0.5 });
    expect(await requestsWith(id)).toHaveLength(2);
  });

  // The JSON schema is enforced by the provider (strict structured outputs); the SDK's
  // `jsonSchema()` does not validate client-side, as in AgentMark's own AI SDK adapter.
  it.each([true, false])("stream=%s: an answer that is not JSON is an error event", async (stream) => {
    const events = await collect(runner.runObject!(objectPrompt(model, `${uid()} [[json:this is not json]]`), ctx({ stream })));
    expect(events.at(-1)).toMatchObject({ type: "error" });
    expect(only(events, "object-final")).toHaveLength(0);
  });
});

it("uses the prompt's schema as the structured-output schema", async () => {
  const id = uid();
  await collect(runner.runObject!(objectPrompt("openai/gpt", id, { schema_name: "math_answer", schema_description: "An answer" }), ctx({ stream: false })));
  const body = JSON.parse((await requestsWith(id))[0]!.body);
  expect(body.text.format).toMatchObject({ type: "json_schema", name: "math_answer", description: "An answer", schema: answerSchema });
});
