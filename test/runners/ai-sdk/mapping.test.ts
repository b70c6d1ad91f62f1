/** Unit cases with `ai/test` mock models: settings mapping, messages, events, usage, errors. */
import { trace } from "@opentelemetry/api";
import { simulateReadableStream } from "ai";
import { MockImageModelV4, MockLanguageModelV4, MockSpeechModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import finalizeUsageVectors from "../../fixtures/agentmark/vectors/finalize-usage.json";
import normalizeErrorVectors from "../../fixtures/agentmark/vectors/normalize-error.json";
import type { CompiledTextPrompt } from "../../../src/prompt/types";
import { createAiSdkRunner, finalizeUsage } from "../../../src/runners/ai-sdk";
import { languageCallParams } from "../../../src/runners/ai-sdk/settings";
import { errorMessage, redactSecrets, toPromptParams } from "../../../src/runners/toolkit";
import { collect, ctx, objectPrompt, only, textOf, textPrompt } from "./helpers";

const usage = (input: number | undefined, output: number | undefined) => ({
  inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});

function streamingModel(chunks: unknown[], supportedUrls: Record<string, RegExp[]> = {}) {
  return new MockLanguageModelV4({
    supportedUrls,
    doStream: async () => ({ stream: simulateReadableStream({ chunks: chunks as never[], chunkDelayInMs: 0 }) }),
  });
}

function runnerFor(model: unknown) {
  return createAiSdkRunner({
    providers: { mock: () => ({ languageModel: () => model as MockLanguageModelV4, imageModel: () => model as never, speechModel: () => model as never }) },
  });
}

const textChunks = (parts: string[], u = usage(3, 5)) => [
  { type: "stream-start", warnings: [] },
  { type: "text-start", id: "t1" },
  ...parts.map((delta) => ({ type: "text-delta", id: "t1", delta })),
  { type: "text-end", id: "t1" },
  { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: u },
];

describe("settings → call options", () => {
  it("maps the platform keys to the v7 call options", async () => {
    const model = streamingModel(textChunks(["ok"]));
    const prompt = textPrompt("mock/m", "hi", {
      temperature: 0.2,
      max_tokens: 64,
      top_p: 0.8,
      top_k: 5,
      presence_penalty: 0.1,
      frequency_penalty: 0.3,
      stop_sequences: ["END"],
      seed: 7,
      tool_choice: "none",
    }, "You are terse.");
    await collect(runnerFor(model).runText!(prompt, ctx()));
    const call = model.doStreamCalls[0]!;
    expect(call).toMatchObject({
      temperature: 0.2,
      maxOutputTokens: 64,
      topP: 0.8,
      topK: 5,
      presencePenalty: 0.1,
      frequencyPenalty: 0.3,
      stopSequences: ["END"],
      seed: 7,
    });
    expect(call.prompt[0]).toEqual({ role: "system", content: "You are terse." });
    expect(call.prompt[1]).toMatchObject({ role: "user", content: [{ type: "text", text: "hi" }] });
  });

  it("max_calls becomes a step limit; object prompts with tools default to 10 steps", () => {
    const base = { model: new MockLanguageModelV4(), messages: [], ctx: ctx(), name: "p" } as const;
    expect(languageCallParams({ ...base, config: { model_name: "m", max_calls: 3 }, tools: undefined, kind: "text" }).stopWhen).toBeTypeOf("function");
    expect(languageCallParams({ ...base, config: { model_name: "m" }, tools: undefined, kind: "text" })).not.toHaveProperty("stopWhen");
    expect(languageCallParams({ ...base, config: { model_name: "m" }, tools: { t: {} as never }, kind: "object" }).stopWhen).toBeTypeOf("function");
    expect(languageCallParams({ ...base, config: { model_name: "m", max_retries: 0 }, tools: undefined, kind: "text" }).maxRetries).toBe(0);
  });

  it("telemetry is off by default; with the core's tracer it is on, honouring hidden inputs/outputs", () => {
    const base = { model: new MockLanguageModelV4(), messages: [], name: "my-prompt", config: { model_name: "m" }, tools: undefined, kind: "text" } as const;
    expect(languageCallParams({ ...base, ctx: ctx() })).toMatchObject({ telemetry: { isEnabled: false } });
    expect(languageCallParams({ ...base, ctx: ctx() })).not.toHaveProperty("runtimeContext");
    const tracer = trace.getTracer("test");
    const on = languageCallParams({ ...base, ctx: ctx({ telemetry: { metadata: { prompt_name: "my-prompt" }, tracer } }) });
    expect(on).toMatchObject({ telemetry: { isEnabled: true, functionId: "my-prompt", recordInputs: true, recordOutputs: true } });
    expect(on).not.toHaveProperty("runtimeContext");
    const hidden = languageCallParams({ ...base, ctx: ctx({ telemetry: { metadata: {}, tracer, recordInputs: false, recordOutputs: false } }) });
    expect(hidden).toMatchObject({ telemetry: { recordInputs: false, recordOutputs: false } });
  });
});

describe("messages", () => {
  it("leading system messages become instructions; a later one stays in place", () => {
    expect(
      toPromptParams([
        { role: "system", content: "A" },
        { role: "system", content: "B" },
        { role: "user", content: "hi" },
        { role: "assistant", content: "hello" },
      ]),
    ).toEqual({ instructions: "A\n\nB", messages: [{ role: "user", content: "hi" }, { role: "assistant", content: "hello" }] });
    const later = toPromptParams([{ role: "user", content: "hi" }, { role: "system", content: "C" }]);
    expect(later).toEqual({ messages: [{ role: "user", content: "hi" }, { role: "system", content: "C" }], allowSystemInMessages: true });
  });

  it("image and file parts become v7 file parts (URLs passed through when the model takes them)", async () => {
    const model = streamingModel(textChunks(["ok"]), { "image/*": [/^https:/] });
    const prompt: CompiledTextPrompt = {
      kind: "text",
      name: "a",
      text_config: { model_name: "mock/m" },
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "look" },
            { type: "image", image: "https://example.com/cat.png", mimeType: "image/png" },
            { type: "image", image: "iVBORw0KGgo=" },
            { type: "file", data: "data:application/pdf;base64,JVBERi0=", mimeType: "application/pdf" },
          ],
        },
      ],
    };
    const events = await collect(runnerFor(model).runText!(prompt, ctx()));
    expect(events.at(-1), JSON.stringify(events)).toMatchObject({ type: "finish" });
    const content = model.doStreamCalls[0]!.prompt[0]!.content as unknown as Array<Record<string, unknown>>;
    expect(content[0]).toMatchObject({ type: "text", text: "look" });
    expect(content[1]).toMatchObject({ type: "file", mediaType: "image/png" });
    expect(JSON.stringify(content[1])).toContain("https://example.com/cat.png");
    // no mimeType: sent as the top-level "image" type, which the SDK refines by sniffing the bytes
    expect(content[2]).toMatchObject({ type: "file", mediaType: "image/png" });
    expect(content[3]).toMatchObject({ type: "file", mediaType: "application/pdf" });
  });
});

describe("events", () => {
  it("streams text and reasoning deltas, then finish with finalized usage", async () => {
    const model = streamingModel([
      { type: "stream-start", warnings: [] },
      { type: "reasoning-start", id: "r1" },
      { type: "reasoning-delta", id: "r1", delta: "thinking" },
      { type: "reasoning-end", id: "r1" },
      ...textChunks(["Hel", "lo"], usage(4, undefined)).slice(1),
    ]);
    const events = await collect(runnerFor(model).runText!(textPrompt("mock/m", "hi"), ctx()));
    expect(events).toEqual([
      { type: "reasoning-delta", text: "thinking" },
      { type: "text-delta", text: "Hel" },
      { type: "text-delta", text: "lo" },
      { type: "finish", reason: "stop", usage: { inputTokens: 4, outputTokens: 0, totalTokens: 4 } },
    ]);
  });

  it("length finish reason passes through", async () => {
    const model = streamingModel(textChunks(["a"]).map((c) => ((c as { type: string }).type === "finish" ? { ...c, finishReason: { unified: "length", raw: "max_tokens" } } : c)));
    const events = await collect(runnerFor(model).runText!(textPrompt("mock/m", "hi"), ctx()));
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "length" });
  });

  it("a provider error chunk ends the stream with one error event", async () => {
    const model = streamingModel([
      { type: "stream-start", warnings: [] },
      { type: "text-start", id: "t1" },
      { type: "text-delta", id: "t1", delta: "par" },
      { type: "error", error: { message: "ThrottlingException" } },
    ]);
    const events = await collect(runnerFor(model).runText!(textPrompt("mock/m", "hi"), ctx()));
    expect(events).toEqual([
      { type: "text-delta", text: "par" },
      { type: "error", error: "ThrottlingException" },
    ]);
  });

  it("a model that throws is an error event, streaming or not", async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => {
        throw new Error("boom sk-secret-value-123");
      },
      doGenerate: async () => {
        throw new Error("boom sk-secret-value-123");
      },
    });
    const env = { MOCK_API_KEY: "sk-secret-value-123" };
    for (const stream of [true, false]) {
      const events = await collect(runnerFor(model).runText!(textPrompt("mock/m", "hi", { max_retries: 0 }), ctx({ stream, env })));
      expect(events).toEqual([{ type: "error", error: "boom [redacted MOCK_API_KEY]" }]);
    }
  });

  it("non-streaming text concatenates every step's text in order", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: { content: [{ type: "reasoning", text: "hmm" }, { type: "text", text: "Final answer" }], finishReason: { unified: "stop", raw: "stop" }, usage: usage(10, 5), warnings: [] },
    });
    const events = await collect(runnerFor(model).runText!(textPrompt("mock/m", "hi"), ctx({ stream: false })));
    expect(events).toEqual([
      { type: "reasoning-delta", text: "hmm" },
      { type: "text-delta", text: "Final answer" },
      { type: "finish", reason: "stop", usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } },
    ]);
  });

  it("streaming objects: partials, final value, usage", async () => {
    const model = streamingModel(textChunks(['{"answer":', '"4","conf', 'idence":0.', "5}"]));
    const events = await collect(runnerFor(model).runObject!(objectPrompt("mock/m", "2+2"), ctx()));
    expect(only(events, "object-delta").map((e) => e.partial)).toEqual([
      {},
      { answer: "4", conf: undefined },
      { answer: "4", confidence: 0 },
      { answer: "4", confidence: 0.5 },
    ].map((p) => JSON.parse(JSON.stringify(p))));
    expect(events.slice(-2)).toEqual([
      { type: "object-final", value: { answer: "4", confidence: 0.5 } },
      { type: "finish", reason: "stop", usage: { inputTokens: 3, outputTokens: 5, totalTokens: 8 } },
    ]);
    expect(model.doStreamCalls[0]!.responseFormat).toMatchObject({ type: "json", schema: { properties: { answer: { type: "string" } } } });
  });
});

describe("media with mock models", () => {
  it("image: mediaType and base64 of each image", async () => {
    const calls: unknown[] = [];
    const model = new MockImageModelV4({
      doGenerate: async (options) => (calls.push(options), { images: ["iVBORw0KGgoAAAANSUhEUg=="], warnings: [], response: { timestamp: new Date(), modelId: "m", headers: undefined } }),
    });
    const images = await runnerFor(model).runImage!({ kind: "image", name: "i", image_config: { model_name: "mock/m", prompt: "x", aspect_ratio: "1:1", seed: 3 } }, ctx());
    expect(images).toEqual([{ mimeType: "image/png", base64: "iVBORw0KGgoAAAANSUhEUg==" }]);
    expect(calls[0]).toMatchObject({ prompt: "x", n: 1, aspectRatio: "1:1", seed: 3 });
  });

  it("speech: mediaType, base64 and format", async () => {
    const model = new MockSpeechModelV4({
      doGenerate: async () => ({ audio: new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]), warnings: [], response: { timestamp: new Date(), modelId: "m" } }),
    });
    const result = await runnerFor(model).runSpeech!({ kind: "speech", name: "s", speech_config: { model_name: "mock/m", text: "hi", voice: "nova", instructions: "" } }, ctx());
    // the SDK sniffs the bytes (ID3 → mp3); the fake-server test covers the HTTP content type
    expect(result).toEqual({ mimeType: expect.stringMatching(/^audio\/mp(3|eg)$/), base64: "SUQzBAAAAAAAAA==", format: "mp3" });
  });
});

describe("conformance vectors", () => {
  it.each(finalizeUsageVectors.cases.map((c) => [c.name, c] as const))("finalize-usage: %s", (_name, c) => {
    expect(finalizeUsage(c.input as never) ?? null).toEqual(c.expected);
  });
  it.each(normalizeErrorVectors.cases.map((c) => [c.name, c] as const))("normalize-error: %s", (_name, c) => {
    expect(errorMessage(c.input)).toBe(c.expected);
  });
  it("redacts secret-looking env values and bearer tokens", () => {
    expect(redactSecrets("key sk-abcdefgh1234 and Bearer abcdefghijkl", { OPENAI_API_KEY: "sk-abcdefgh1234", OPENAI_BASE_URL: "http://x" })).toBe(
      "key [redacted OPENAI_API_KEY] and Bearer [redacted]",
    );
  });
});

it("text of a streamed run equals the non-streamed text", async () => {
  const make = () =>
    new MockLanguageModelV4({
      doStream: async () => ({ stream: simulateReadableStream({ chunks: textChunks(["a", "b"]) as never[] }) }),
      doGenerate: { content: [{ type: "text", text: "ab" }], finishReason: { unified: "stop", raw: "stop" }, usage: usage(3, 5), warnings: [] },
    });
  const streamed = await collect(runnerFor(make()).runText!(textPrompt("mock/m", "hi"), ctx()));
  const json = await collect(runnerFor(make()).runText!(textPrompt("mock/m", "hi"), ctx({ stream: false })));
  expect(textOf(streamed)).toBe(textOf(json));
  expect(streamed.at(-1)).toEqual(json.at(-1));
});
