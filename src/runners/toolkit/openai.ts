import type { OpenAIProvider } from "@ai-sdk/openai";
import { requireEnv, type EnvVars } from "../../core/env";
import { DeferredImageModel, DeferredLanguageModel, DeferredSpeechModel, once } from "./deferred-models";
import type { ModelProvider } from "./model-registry";
import { providerFetch } from "./provider-fetch";

/** The OpenAI models a model name can reach: `openai/<id>`, `openai.chat/<id>`, … */
export interface OpenAIModels extends Required<ModelProvider> {
  languageModel(modelId: string): DeferredLanguageModel;
  imageModel(modelId: string): DeferredImageModel;
  speechModel(modelId: string): DeferredSpeechModel;
  responses(modelId: string): DeferredLanguageModel;
  chat(modelId: string): DeferredLanguageModel;
  completion(modelId: string): DeferredLanguageModel;
}

/**
 * The built-in OpenAI provider: `OPENAI_API_KEY` (required) and `OPENAI_BASE_URL` (optional,
 * e.g. an OpenAI-compatible gateway). `openai/<id>` uses the Responses API;
 * `openai.chat/<id>` uses Chat Completions. Network failures name "openai" and the URL.
 *
 * The settings are read (and a missing key refused) here, synchronously; `@ai-sdk/openai`
 * itself is loaded by the first model call (`./deferred-models`), so a deployment that serves
 * other models never evaluates it. The models' `provider` names are `createOpenAI`'s own.
 */
export function openaiFromEnv(env: EnvVars): OpenAIModels {
  const apiKey = requireEnv(env, "OPENAI_API_KEY");
  const baseURL = env.OPENAI_BASE_URL?.trim();
  const sdk: () => Promise<OpenAIProvider> = once(async () => {
    const { createOpenAI } = await import("./openai-sdk");
    return createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}), fetch: providerFetch("openai") });
  });
  const responses = (modelId: string) => new DeferredLanguageModel("openai.responses", modelId, async () => (await sdk()).responses(modelId));
  return {
    languageModel: responses,
    responses,
    chat: (modelId) => new DeferredLanguageModel("openai.chat", modelId, async () => (await sdk()).chat(modelId)),
    completion: (modelId) => new DeferredLanguageModel("openai.completion", modelId, async () => (await sdk()).completion(modelId)),
    imageModel: (modelId) => new DeferredImageModel("openai.image", modelId, async () => (await sdk()).imageModel(modelId)),
    speechModel: (modelId) => new DeferredSpeechModel("openai.speech", modelId, async () => (await sdk()).speech(modelId)),
  };
}
