/**
 * `openaiFromEnv`'s models load `@ai-sdk/openai` on their first call: they must look like the
 * SDK's own models before that (provider, model id) and hand over what the SDK asks of them
 * after. Their calls against a fake OpenAI are covered by test/runners/ai-sdk/.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { describe, expect, it } from "vitest";
import { DeferredLanguageModel, once } from "../../../src/runners/toolkit/deferred-models";
import { openaiFromEnv } from "../../../src/runners/toolkit/openai";

const env = { OPENAI_API_KEY: "sk-test-deferred" };

interface Described {
  provider: string;
  modelId: string;
  specificationVersion: string;
}

describe("openaiFromEnv's deferred models", () => {
  const deferred = openaiFromEnv(env);
  const real = createOpenAI({ apiKey: env.OPENAI_API_KEY });

  it.each([
    ["languageModel", deferred.languageModel("gpt-x"), real.languageModel("gpt-x")],
    ["responses", deferred.responses("gpt-x"), real.responses("gpt-x")],
    ["chat", deferred.chat("gpt-x"), real.chat("gpt-x")],
    ["completion", deferred.completion("gpt-x"), real.completion("gpt-x")],
    ["imageModel", deferred.imageModel("dall-e-3"), real.imageModel("dall-e-3")],
    ["speechModel", deferred.speechModel("tts-1"), real.speech("tts-1")],
  ] as Array<[string, Described, Described]>)("%s: the SDK's provider name, model id and specification version", (_, model, sdkModel) => {
    expect({ provider: model.provider, modelId: model.modelId, specificationVersion: model.specificationVersion }).toEqual({
      provider: sdkModel.provider,
      modelId: sdkModel.modelId,
      specificationVersion: sdkModel.specificationVersion,
    });
  });

  it("hands over the SDK model's supported URLs and image limits once loaded", async () => {
    expect(await deferred.responses("gpt-x").supportedUrls).toEqual(await real.responses("gpt-x").supportedUrls);
    expect(await deferred.chat("gpt-x").supportedUrls).toEqual(await real.chat("gpt-x").supportedUrls);
    const image = deferred.imageModel("dall-e-3");
    const sdkLimit = real.imageModel("dall-e-3").maxImagesPerCall;
    expect(await image.maxImagesPerCall({ modelId: "dall-e-3" })).toBe(typeof sdkLimit === "function" ? await sdkLimit({ modelId: "dall-e-3" }) : sdkLimit);
  });

  it("a missing key is refused synchronously, before anything is loaded", () => {
    expect(() => openaiFromEnv({})).toThrow(/^OPENAI_API_KEY is not configured/);
  });
});

describe("once", () => {
  it("loads once, and again after a failed load", async () => {
    let calls = 0;
    const load = once(async () => {
      calls++;
      if (calls === 1) throw new Error("first load fails");
      return calls;
    });
    await expect(load()).rejects.toThrow("first load fails");
    expect(await Promise.all([load(), load()])).toEqual([2, 2]);
    expect(await load()).toBe(2);
    expect(calls).toBe(2);
  });

  it("a model's calls share one load", async () => {
    let loads = 0;
    const inner = openaiFromEnv(env).chat("gpt-x");
    const model = new DeferredLanguageModel("openai.chat", "gpt-x", async () => {
      loads++;
      return inner;
    });
    await Promise.all([model.supportedUrls, model.supportedUrls]);
    expect(loads).toBe(1);
  });
});
