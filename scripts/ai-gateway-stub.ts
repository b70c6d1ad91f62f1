/**
 * Stands in for `@ai-sdk/gateway` in the Worker bundle and `npm run build`'s web bundle
 * (wrangler.toml `[alias]`, scripts/build.ts). `ai` imports the Vercel AI Gateway as its
 * default provider for model ids given as strings (`generateText({ model: "openai/gpt-4o" })`);
 * this template never passes one (every model comes from the config's providers,
 * src/runners/toolkit/model-registry.ts), so the gateway's ~78 KiB of code only weighed on the
 * bundle (≈ 18 KiB gzip) and on every cold start (parsed, though never run). Here a string
 * model id is an error that says so, and no error is a gateway error. To use the AI Gateway
 * from a Worker, remove the alias (wrangler.toml) and the plugin (scripts/build.ts).
 */
const GATEWAY_ERROR = Symbol.for("vercel.ai.gateway.error");
const AUTHENTICATION_ERROR = Symbol.for("vercel.ai.gateway.error.GatewayAuthenticationError");

function hasMarker(error: unknown, marker: symbol): boolean {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
}

/** Never thrown here; `ai` asks whether an error is one (retries, messages). */
export class GatewayError extends Error {
  static isInstance(error: unknown): boolean {
    return hasMarker(error, GATEWAY_ERROR);
  }
}

export class GatewayAuthenticationError extends GatewayError {
  static override isInstance(error: unknown): boolean {
    return hasMarker(error, GATEWAY_ERROR) && hasMarker(error, AUTHENTICATION_ERROR);
  }
}

function unavailable(modelId: string): never {
  throw new Error(
    `Model '${modelId}' was given to the AI SDK as a string, which needs the Vercel AI Gateway; this build leaves it out (scripts/ai-gateway-stub.ts). Pass a model object from a provider (the config's providers do).`,
  );
}

export const gateway = {
  specificationVersion: "v4" as const,
  languageModel: unavailable,
  embeddingModel: unavailable,
  imageModel: unavailable,
};

export function createGateway(): typeof gateway {
  return gateway;
}
