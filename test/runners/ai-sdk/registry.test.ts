/** Model registry, provider creation per env, aliases, missing keys and the local fallback. */
import { MockLanguageModelV4, MockProviderV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import type { Runner } from "../../../src/runners/types";
import { createAiSdkRunner, MissingSettingError, ModelRegistry, openaiFromEnv, requireEnv } from "../../../src/runners/ai-sdk";
import { collect, ctx, fakeEnv, textOf, textPrompt, uid } from "./helpers";

describe("handles()", () => {
  const runner = createAiSdkRunner({
    providers: { openai: openaiFromEnv },
    aliases: [
      ["test-model", "openai/gpt-4o-mini"],
      [/^gpt-(.+)$/, (m) => `openai/gpt-${m[1]}`],
    ],
  });
  it.each([
    ["openai/gpt-4o-mini", true],
    ["openai.chat/gpt-4o-mini", true],
    ["openai.responses/gpt-4o", true],
    ["test-model", true],
    ["gpt-4.1", true],
    ["anthropic/claude", false],
    ["local/echo", false],
    ["openai/", false],
    ["/gpt", false],
    ["claude-3", false],
  ])("%s → %s", (name, expected) => {
    expect(runner.handles(name)).toBe(expected);
  });
  it("serves every kind", () => {
    expect(runner.name).toBe("ai-sdk");
    expect([...runner.kinds].sort()).toEqual(["image", "object", "speech", "text"]);
  });
});

describe("resolution", () => {
  it("record aliases and pattern aliases resolve to provider models", () => {
    const registry = new ModelRegistry(
      { openai: openaiFromEnv },
      { "test-model": "openai/gpt-4o-mini", fast: "openai.chat/gpt-4o-mini" },
    );
    expect(registry.languageModel("test-model", fakeEnv)).toMatchObject({ modelId: "gpt-4o-mini", provider: "openai.responses" });
    expect(registry.languageModel("fast", fakeEnv)).toMatchObject({ modelId: "gpt-4o-mini", provider: "openai.chat" });
    expect(registry.imageModel("openai/dall-e-3", fakeEnv)).toMatchObject({ modelId: "dall-e-3" });
    expect(registry.speechModel("openai/tts-1", fakeEnv)).toMatchObject({ modelId: "tts-1" });
  });

  it("an unknown model names the model and the registered providers", () => {
    const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv, mock: () => new MockProviderV4() } });
    expect(() => runner.runText!(textPrompt("anthropic/claude-4", "hi"), ctx())).toThrow(
      /Model 'anthropic\/claude-4'.*Registered providers: openai, mock\./,
    );
  });

  it("an alias to an unregistered provider says so", () => {
    const registry = new ModelRegistry({ openai: openaiFromEnv }, { claude: "anthropic/claude-4" });
    expect(() => registry.languageModel("claude", fakeEnv)).toThrow(/'claude' \(alias of 'anthropic\/claude-4'\)/);
  });

  it("an unknown provider API is a clear error", () => {
    const registry = new ModelRegistry({ openai: openaiFromEnv });
    expect(() => registry.languageModel("openai.nope/gpt", fakeEnv)).toThrow(/no 'nope' model factory/);
  });

  it("a provider without speech or image models says so", () => {
    const registry = new ModelRegistry({ mock: () => ({ languageModel: () => new MockLanguageModelV4() }) });
    expect(() => registry.speechModel("mock/x", {})).toThrow(/does not support speech models/);
    expect(() => registry.imageModel("mock/x", {})).toThrow(/does not support image models/);
  });

  it("rejects provider names containing '/' or '.'", () => {
    expect(() => new ModelRegistry({ "open.ai": openaiFromEnv })).toThrow(/must not contain/);
  });
});

describe("providers are created per distinct environment", () => {
  it("reuses the provider while the values it read are the same", () => {
    const factory = vi.fn((env: Record<string, string | undefined>) => {
      requireEnv(env, "MOCK_KEY");
      return new MockProviderV4({ languageModels: { m: new MockLanguageModelV4() } });
    });
    const registry = new ModelRegistry({ mock: factory });
    registry.languageModel("mock/m", { MOCK_KEY: "a", OTHER: "1" });
    registry.languageModel("mock/m", { MOCK_KEY: "a", OTHER: "2" });
    expect(factory).toHaveBeenCalledTimes(1);
    registry.languageModel("mock/m", { MOCK_KEY: "b" });
    expect(factory).toHaveBeenCalledTimes(2);
    registry.languageModel("mock/m", { MOCK_KEY: "a" });
    expect(factory).toHaveBeenCalledTimes(2);
  });

  it("never creates a provider at construction time", () => {
    const factory = vi.fn(openaiFromEnv);
    const runner = createAiSdkRunner({ providers: { openai: factory } });
    runner.handles("openai/gpt");
    expect(factory).not.toHaveBeenCalled();
  });
});

describe("missing OpenAI key", () => {
  const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv } });
  it.each(["runText", "runObject"] as const)("%s throws before any output, naming OPENAI_API_KEY", (method) => {
    const prompt =
      method === "runText"
        ? textPrompt("openai/gpt", "hi")
        : { kind: "object" as const, name: "o", messages: [{ role: "user" as const, content: "hi" }], object_config: { model_name: "openai/gpt", schema: {} } };
    const call = () => (runner[method] as (p: unknown, c: unknown) => unknown)(prompt, ctx({ env: {} }));
    expect(call).toThrow(MissingSettingError);
    expect(call).toThrow(/^OPENAI_API_KEY is not configured/);
  });
  it("image and speech throw too", () => {
    expect(() => runner.runImage!({ kind: "image", name: "i", image_config: { model_name: "openai/dall-e-3", prompt: "x" } }, ctx({ env: { OPENAI_API_KEY: "" } }))).toThrow(/OPENAI_API_KEY/);
    expect(() => runner.runSpeech!({ kind: "speech", name: "s", speech_config: { model_name: "openai/tts-1", text: "x", instructions: "" } }, ctx({ env: {} }))).toThrow(/OPENAI_API_KEY/);
  });
  it("the message never contains other environment values", () => {
    try {
      runner.runText!(textPrompt("openai/gpt", "hi"), ctx({ env: { OPENAI_BASE_URL: "http://secret-host.example" } }));
    } catch (err) {
      expect(String((err as Error).message)).not.toContain("secret-host");
    }
  });
  it("OPENAI_BASE_URL is optional", () => {
    const model = new ModelRegistry({ openai: openaiFromEnv }).languageModel("openai/gpt", { OPENAI_API_KEY: "sk-x" });
    expect(model).toMatchObject({ modelId: "gpt" });
  });
});

describe("local fallback (explicit, visible)", () => {
  const local: Runner = {
    name: "local",
    kinds: ["text"],
    handles: (m) => m.startsWith("local/"),
    async *runText() {
      yield { type: "text-delta", text: "local says hi" };
      yield { type: "finish", reason: "stop" };
    },
  };

  it("runs the local runner with a warning when the key is missing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv }, localFallback: local });
    const events = await collect(runner.runText!(textPrompt("openai/gpt", "hi"), ctx({ env: {} })));
    expect(textOf(events)).toBe("local says hi");
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/OPENAI_API_KEY is not configured: running 'openai\/gpt' with the local runner 'local'/));
    warn.mockRestore();
  });

  it("is not used when the key is present", async () => {
    const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv }, localFallback: local });
    const events = await collect(runner.runText!(textPrompt("openai/gpt", `${uid()} [[say:real]]`), ctx()));
    expect(textOf(events)).toBe("real");
  });

  it("is not used for kinds the local runner cannot run", () => {
    const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv }, localFallback: local });
    expect(() => runner.runSpeech!({ kind: "speech", name: "s", speech_config: { model_name: "openai/tts-1", text: "x", instructions: "" } }, ctx({ env: {} }))).toThrow(/OPENAI_API_KEY/);
  });

  it("is not used for other configuration errors", () => {
    const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv }, localFallback: local });
    expect(() => runner.runText!(textPrompt("nope/gpt", "hi"), ctx({ env: {} }))).toThrow(/Model 'nope\/gpt'/);
  });
});
