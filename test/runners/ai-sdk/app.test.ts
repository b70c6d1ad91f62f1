/**
 * The ai-sdk runner behind the real app (signed prompt-run → NDJSON / JSON), with the
 * AgentMark fixture ASTs (`model_name: test-model`, aliased to an OpenAI model) and the
 * fake OpenAI server: the same wiring a template user gets from src/agentmark.config.ts.
 */
import { tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import attachmentsAst from "../../fixtures/agentmark/fixtures/attachments.prompt.mdx.json";
import imageAst from "../../fixtures/agentmark/fixtures/image.prompt.mdx.json";
import mathAst from "../../fixtures/agentmark/fixtures/math.prompt.mdx.json";
import speechAst from "../../fixtures/agentmark/fixtures/speech.prompt.mdx.json";
import textAst from "../../fixtures/agentmark/fixtures/text.prompt.mdx.json";
import { ndjsonLines, signedRequest, TEST_SECRET } from "../../helpers/signed";
import { createApp } from "../../../src/app";
import { defineConfig } from "../../../src/config";
import { createAiSdkRunner, openaiFromEnv } from "../../../src/runners/ai-sdk";
import { FAKE_KEY, fakeEnv, requestsWith, uid, waitForAborted } from "./helpers";

const app = createApp(
  defineConfig({
    runners: [
      createAiSdkRunner({
        providers: { openai: openaiFromEnv },
        aliases: [
          ["test-model", "openai/gpt-4o-mini"],
          [/^slow-(.+)$/, (m) => `openai/slow-tokens+${m[1]}`],
        ],
        tools: { sum: tool({ inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b }) },
      }),
    ],
  }),
);
const env = { ...fakeEnv, AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, AGENTMARK_LOG_LEVEL: "silent" };

async function run(job: unknown, bindings: Record<string, unknown> = env, signal?: AbortSignal) {
  const req = await signedRequest(job);
  return app.fetch(signal ? new Request(req, { signal }) : req, bindings);
}

async function lines(res: Response): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const line of ndjsonLines(res)) out.push(line as Record<string, unknown>);
  return out;
}

function withModel<T extends { children: Array<{ type: string; value?: string }> }>(ast: T, model: string): T {
  const copy = structuredClone(ast);
  const yaml = copy.children[0]!;
  yaml.value = yaml.value!.replace(/model_name: .*/, `model_name: ${model}`);
  return copy;
}

describe("prompt-run through the app", () => {
  it("streams text from OpenAI as NDJSON with usage aliases", async () => {
    const id = uid();
    const res = await run({ type: "prompt-run", data: { ast: textAst, customProps: { userMessage: `${id} [[say:Four.]]` } } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const out = await lines(res);
    expect(out.filter((l) => "result" in l).map((l) => l.result).join("")).toBe("Four.");
    expect(out.find((l) => "finishReason" in l)).toEqual({
      type: "text",
      finishReason: "stop",
      usage: { inputTokens: 11, outputTokens: 7, totalTokens: 18, promptTokens: 11, completionTokens: 7 },
    });
    expect(await requestsWith(id)).toHaveLength(1);
  });

  it("answers an object prompt as one JSON envelope", async () => {
    const res = await run({
      type: "prompt-run",
      data: { ast: mathAst, customProps: { userMessage: `${uid()} [[json:{"answer":"4"}]]` }, options: { shouldStream: false } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      type: "object",
      result: { answer: "4" },
      finishReason: "stop",
      usage: { inputTokens: 11, outputTokens: 7, totalTokens: 18, promptTokens: 11, completionTokens: 7 },
    });
  });

  it("sends image and file attachments to the Responses API", async () => {
    const id = uid();
    const res = await run({
      type: "prompt-run",
      data: {
        ast: attachmentsAst,
        customProps: { userMessage: `${id} [[json:{"answer":"a cat"}]]`, imageLink: "https://example.com/cat.png", fileMimeType: "application/pdf" },
        options: { shouldStream: false },
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: { answer: "a cat" } });
    const body = (await requestsWith(id))[0]!.body;
    expect(body).toContain('"input_image"');
    expect(body).toContain("https://example.com/cat.png");
    expect(body).toContain("https://example.com/document.pdf");
  });

  it("image and speech envelopes", async () => {
    const image = await run({ type: "prompt-run", data: { ast: withModel(imageAst, "openai/gpt-image-1") } });
    expect(image.status).toBe(200);
    const imageBody = (await image.json()) as { type: string; result: Array<{ mimeType: string }> };
    expect(imageBody.type).toBe("image");
    expect(imageBody.result).toEqual([{ mimeType: "image/png", base64: expect.any(String) }]);
    const speech = await run({ type: "prompt-run", data: { ast: withModel(speechAst, "openai/tts-1") } });
    expect(speech.status).toBe(200);
    expect(await speech.json()).toMatchObject({ type: "speech", result: { mimeType: "audio/mpeg", format: "mp3" } });
  });

  it("a missing OPENAI_API_KEY names the variable: in-band when streamed, 500 when not", async () => {
    const noKey = { ...env, OPENAI_API_KEY: undefined };
    const streamed = await run({ type: "prompt-run", data: { ast: textAst, customProps: { userMessage: "hi" } } }, noKey);
    expect(streamed.status).toBe(200);
    expect(await lines(streamed)).toEqual([{ type: "error", error: expect.stringMatching(/^OPENAI_API_KEY is not configured/) }]);
    const once = await run({ type: "prompt-run", data: { ast: textAst, customProps: { userMessage: "hi" }, options: { shouldStream: false } } }, noKey);
    expect(once.status).toBe(500);
    expect(((await once.json()) as { message: string }).message).toMatch(/^OPENAI_API_KEY is not configured/);
  });

  it("an upstream 429 mid-run is an in-band error line when streaming and a 500 otherwise, never the key", async () => {
    const ast = withModel(textAst, "openai/fail-429");
    const streamed = await lines(await run({ type: "prompt-run", data: { ast, customProps: { userMessage: uid() } } }));
    expect(streamed.at(-1)).toEqual({ type: "error", error: expect.stringContaining("Rate limit reached") });
    const json = await run({ type: "prompt-run", data: { ast: withModel(textAst, "openai/fail-401"), customProps: { userMessage: uid() }, options: { shouldStream: false } } });
    expect(json.status).toBe(500);
    const text = await json.text();
    expect(text).toContain("Incorrect API key provided");
    expect(text).not.toContain(FAKE_KEY);
  });

  it("a client disconnect cancels the upstream OpenAI request", async () => {
    const id = uid();
    const controller = new AbortController();
    const res = await run({ type: "prompt-run", data: { ast: withModel(textAst, "slow-x"), customProps: { userMessage: id } } }, env, controller.signal);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => {});
    expect(await waitForAborted(id)).toBe(true);
  });
});
