import { createOpenAI, type OpenAIProvider } from "@ai-sdk/openai";
import { requireEnv, type EnvVars } from "../../core/env";
import { providerFetch } from "./provider-fetch";

/**
 * The built-in OpenAI provider: `OPENAI_API_KEY` (required) and `OPENAI_BASE_URL` (optional,
 * e.g. an OpenAI-compatible gateway). `openai/<id>` uses the Responses API;
 * `openai.chat/<id>` uses Chat Completions. Network failures name "openai" and the URL.
 */
export function openaiFromEnv(env: EnvVars): OpenAIProvider {
  const apiKey = requireEnv(env, "OPENAI_API_KEY");
  const baseURL = env.OPENAI_BASE_URL?.trim();
  return createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}), fetch: providerFetch("openai") });
}
