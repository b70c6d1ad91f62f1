/**
 * The runner toolkit: what every runner shares, whatever SDK it wraps. A runner imports
 * from here and from `../types` (the seam), never from another runner.
 *
 * - model names: aliases, patterns, `provider/model`, `provider.api/model` (`ModelNames`);
 * - the provider map of AI SDK-spec models, cached per environment (`ModelRegistry`,
 *   `createModelRegistry`, `requireEnv`; `openaiFromEnv` in `./openai`);
 * - tools: prompt references → registry entries (`resolveToolRefs`, SDK-free; `resolveTools`
 *   for AI SDK tools), `max_calls` → `stepLimit`;
 * - settings: prompt settings → call settings (`callSettings`, `toolChoice`, `imageSettings`,
 *   `speechSettings`), messages (`splitInstructions`, `toPromptParams`);
 * - errors: `errorEvent`, `safeErrorMessage`, `redactSecrets`; usage: `finishEvent`;
 * - abort: `linkAbort`, `abortMessage`, `terminalEvent`, `terminalError`;
 * - `resolveOrFallBack`: the explicit local fallback for missing keys (development only).
 *
 * Nothing imported from this file loads an SDK at run time (a Node-only runner pays for no
 * AI SDK import). Two modules that do are imported by path: `./openai` (`openaiFromEnv`,
 * loads `@ai-sdk/openai`) and `./tool-registry` (`resolveTools`, loads `ai`).
 *
 * The conformance suite every runner passes is `test/conformance/runner-conformance.ts`.
 */
export { ConfigurationError, MissingSettingError } from "../../core/errors";
export { requireEnv, type EnvVars } from "../../core/env";
export { finalizeUsage } from "../../protocol/usage";
export { startRun, supportsKind, type RunOutput } from "../dispatch";
export { abortMessage, CALLER_DISCONNECTED, isAbortError, linkAbort, terminalError, terminalEvent, type LinkedAbort } from "./abort";
export { errorEvent, errorMessage, noteSecretNames, redactSecrets, safeErrorMessage } from "./errors";
export { networkFailureOf, providerFetch, urlWithoutCredentials } from "./provider-fetch";
export { finishEvent } from "./events";
export { resolveOrFallBack } from "./fallback";
export { splitInstructions, toPromptParams, type PromptParams } from "./messages";
export { ModelNames, type AliasRule, type AliasTarget, type Aliases, type ResolvedModelName } from "./model-names";
export { createModelRegistry, ModelRegistry, type ModelProvider, type ModelRegistryOptions, type ProviderFactory } from "./model-registry";
export { memoiseByEnv } from "./provider-cache";
export { callSettings, defined, imageSettings, speechSettings, toolChoice, type CallSettings, type ToolChoiceSetting } from "./settings";
export { resolveToolRefs, stepLimit, type ToolRef } from "./tool-refs";
export type { ToolRegistry } from "./tool-registry";
