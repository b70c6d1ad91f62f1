/**
 * Which runner runs a prompt when several could: routes by prompt name, `defaultRunner`,
 * and an ambiguous configuration refused with an error that says what to add.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import { ConfigurationError } from "../../src/core/errors";
import type { CompiledImagePrompt, CompiledTextPrompt } from "../../src/prompt/types";
import { selectRunner } from "../../src/runners/select";
import type { Runner } from "../../src/runners/types";
import { signedRequest } from "../helpers/signed";

async function* said(text: string) {
  yield { type: "text-delta" as const, text };
  yield { type: "finish" as const, reason: "stop" };
}
const openai = (m: string) => m.startsWith("openai/");
/** Like the AI SDK runner: every kind. */
const aiSdk: Runner = { name: "ai-sdk", kinds: ["text", "object", "image", "speech"], handles: openai, runText: () => said("ai-sdk"), runObject: () => said("ai-sdk"), runImage: async () => [], runSpeech: async () => ({ mimeType: "audio/wav", base64: "", format: "wav" }) };
/** Like the Mastra runner: text and object, the same models. */
const mastra: Runner = { name: "mastra", kinds: ["text", "object"], handles: openai, runText: () => said("mastra"), runObject: () => said("mastra") };
const local: Runner = { name: "local", kinds: ["text"], handles: (m) => m.startsWith("local/"), runText: () => said("local") };

const text = (model: string, name = "summarize"): CompiledTextPrompt => ({ kind: "text", name, messages: [{ role: "user", content: "hi" }], text_config: { model_name: model } });
const image: CompiledImagePrompt = { kind: "image", name: "draw", image_config: { model_name: "openai/dall-e-3", prompt: "a cat" } };

describe("selectRunner", () => {
  it("one runner per model: no routing needed (the default config)", () => {
    expect(selectRunner([local, aiSdk], text("openai/gpt-4o")).name).toBe("ai-sdk");
    expect(selectRunner([local, aiSdk], text("local/echo")).name).toBe("local");
  });

  it("two runners for the same model and kind, no rule: an error that says what to add", () => {
    const select = () => selectRunner([local, aiSdk, mastra], text("openai/gpt-4o"));
    expect(select).toThrow(ConfigurationError);
    expect(select).toThrow(
      'Model "openai/gpt-4o" (text prompt "summarize") is served by more than one runner: ai-sdk, mastra. Say which one runs it in src/agentmark.config.ts: defaultRunner: "mastra" (every prompt they can both run), or routes: { "summarize": "mastra" } (this prompt only), or keep only one of these runners.',
    );
  });

  it('"I use Mastra": defaultRunner sends every prompt Mastra can run to it; image prompts stay with the only runner that draws', () => {
    const routing = { defaultRunner: "mastra" };
    expect(selectRunner([local, aiSdk, mastra], text("openai/gpt-4o"), routing).name).toBe("mastra");
    expect(selectRunner([local, aiSdk, mastra], image, routing).name).toBe("ai-sdk");
    expect(selectRunner([local, aiSdk, mastra], text("local/echo"), routing).name).toBe("local");
  });

  it("routes send only some prompts to a runner (the rest by defaultRunner)", () => {
    const routing = { defaultRunner: "ai-sdk", routes: { "support-triage": "mastra" } };
    expect(selectRunner([aiSdk, mastra], text("openai/gpt-4o", "support-triage"), routing).name).toBe("mastra");
    expect(selectRunner([aiSdk, mastra], text("openai/gpt-4o", "summarize"), routing).name).toBe("ai-sdk");
  });

  it("a route to a runner that cannot run the prompt says why", () => {
    expect(() => selectRunner([local, mastra], text("local/echo", "x"), { routes: { x: "mastra" } })).toThrow(
      'Prompt "x" is routed to runner "mastra" (routes in src/agentmark.config.ts), which does not serve model "local/echo".',
    );
    expect(() => selectRunner([aiSdk, mastra], { ...image, name: "x" }, { routes: { x: "mastra" } })).toThrow('Runner "mastra" does not support image prompts.');
  });

  it("no runner for the model, or none for its kind", () => {
    expect(() => selectRunner([local], text("openai/gpt-4o"))).toThrow(/No runner serves model "openai\/gpt-4o" \(configured runners: local\)/);
    expect(() => selectRunner([mastra], image)).toThrow('Runner "mastra" does not support image prompts.');
  });
});

describe("the configuration", () => {
  it("naming a runner that is not configured fails at startup", () => {
    expect(() => defineConfig({ runners: [local, aiSdk], defaultRunner: "mastra" })).toThrow(
      'src/agentmark.config.ts: defaultRunner names runner "mastra", which is not in runners (configured: local, ai-sdk).',
    );
    expect(() => defineConfig({ runners: [local, aiSdk], routes: { summarize: "mastra" } })).toThrow(/routes\["summarize"\] names runner "mastra"/);
    expect(() => defineConfig({ runners: [aiSdk, { ...aiSdk }], defaultRunner: "ai-sdk" })).toThrow(/2 runners have that name/);
  });

  it("an ambiguous configuration answers the first such request with a 500 that says what to do", async () => {
    const app = createApp(defineConfig({ runners: [aiSdk, mastra] }));
    const ast = { type: "root", children: [{ type: "yaml", value: "name: summarize\ntext_config:\n  model_name: openai/gpt-4o" }] };
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast, options: { shouldStream: false } } }), { AGENTMARK_WEBHOOK_SECRET: "test-secret" });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { message: string }).message).toMatch(/served by more than one runner: ai-sdk, mastra\. Say which one runs it/);
  });

  it("with defaultRunner the same request runs", async () => {
    const app = createApp(defineConfig({ runners: [aiSdk, mastra], defaultRunner: "mastra" }));
    const ast = { type: "root", children: [{ type: "yaml", value: "name: summarize\ntext_config:\n  model_name: openai/gpt-4o" }] };
    const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast, options: { shouldStream: false } } }), { AGENTMARK_WEBHOOK_SECRET: "test-secret" });
    expect(((await res.json()) as { result: string }).result).toBe("mastra");
  });
});
