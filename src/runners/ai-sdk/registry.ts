/**
 * Model registry: turns a prompt's `model_name` into an AI SDK model.
 *
 * Resolution order:
 *   1. exact aliases (`"gpt-4o": "openai/gpt-4o"`),
 *   2. pattern aliases, in order (`[/^claude-(.*)$/, (m) => \`anthropic/claude-${m[1]}\`]`),
 *   3. `provider/model` through a registered provider (`openai/gpt-4o-mini`), or
 *      `provider.api/model` to pick one of the provider's model factories by name
 *      (`openai.chat/gpt-4o-mini` → `openai.chat("gpt-4o-mini")`, Chat Completions).
 *
 * Providers are created per distinct environment, lazily, on first use: never at module
 * scope (Workers forbid I/O there, and secrets only arrive with the request's `env`).
 */
import { createOpenAI, type OpenAIProvider } from "@ai-sdk/openai";
import type { ImageModel, LanguageModel, SpeechModel } from "ai";
import type { EnvVars } from "../types";
import { noteSecretNames } from "./events";

/** What a provider factory returns: `createOpenAI(...)`, `createAnthropic(...)`, … */
export interface ModelProvider {
  languageModel(modelId: string): Exclude<LanguageModel, string>;
  imageModel?(modelId: string): ImageModel;
  speechModel?(modelId: string): SpeechModel;
}

/** Builds a provider from the deployment's environment (API keys, base URLs). */
export type ProviderFactory = (env: EnvVars) => ModelProvider;

export type AliasTarget = string | ((match: RegExpMatchArray) => string);
export type AliasRule = readonly [pattern: string | RegExp, target: AliasTarget];
/** `{ "gpt-4o": "openai/gpt-4o" }` or `[["gpt-4o", "openai/gpt-4o"], [/^o\d/, (m) => \`openai/${m[0]}\`]]`. */
export type Aliases = Readonly<Record<string, string>> | readonly AliasRule[];

export type ModelKind = "language" | "image" | "speech";

/** A required setting is absent from the environment. The message names the variable only. */
export class MissingSettingError extends Error {
  override readonly name = "MissingSettingError";
  constructor(readonly setting: string) {
    super(
      `${setting} is not configured. Set it as a secret (\`wrangler secret put ${setting}\`, or .dev.vars for local development).`,
    );
  }
}

/** Read a required environment variable or throw `MissingSettingError` naming it. */
export function requireEnv(env: EnvVars, name: string): string {
  const value = env[name];
  if (typeof value !== "string" || value.trim() === "") throw new MissingSettingError(name);
  return value;
}

/**
 * The built-in OpenAI provider: `OPENAI_API_KEY` (required) and `OPENAI_BASE_URL` (optional,
 * e.g. an OpenAI-compatible gateway). `openai/<id>` uses the Responses API;
 * `openai.chat/<id>` uses Chat Completions.
 */
export function openaiFromEnv(env: EnvVars): OpenAIProvider {
  const apiKey = requireEnv(env, "OPENAI_API_KEY");
  const baseURL = env.OPENAI_BASE_URL?.trim();
  return createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) });
}

export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

interface ParsedName {
  provider: string;
  /** A named model factory of the provider (`chat` in `openai.chat/<id>`). */
  api?: string;
  modelId: string;
}

interface CacheEntry {
  keys: string[];
  signature: string;
  provider: ModelProvider;
}

const MAX_PROVIDER_INSTANCES = 8;

function signatureOf(env: EnvVars, keys: readonly string[]): string {
  return JSON.stringify(keys.map((k) => env[k] ?? null));
}

/**
 * Memoises a factory by the environment values it actually reads: the env is wrapped in a
 * proxy that records the keys the factory touched while building the provider.
 */
function memoiseByEnv(factory: ProviderFactory): (env: EnvVars) => ModelProvider {
  const entries: CacheEntry[] = [];
  return (env) => {
    for (const entry of entries) {
      if (signatureOf(env, entry.keys) === entry.signature) return entry.provider;
    }
    const read = new Set<string>();
    const recording = new Proxy(env, {
      get(target, key, receiver) {
        if (typeof key === "string") read.add(key);
        return Reflect.get(target, key, receiver);
      },
    });
    const provider = factory(recording);
    const keys = [...read].sort();
    noteSecretNames(keys);
    // A factory that read nothing while building may read the env later (a headers callback):
    // it could then capture this request's env, so it is not reused for another request.
    if (keys.length === 0) return provider;
    entries.unshift({ keys, signature: signatureOf(env, keys), provider });
    if (entries.length > MAX_PROVIDER_INSTANCES) entries.pop();
    return provider;
  };
}

/** The `provider.api/model` APIs a model name may choose (`openai.chat/gpt-4o-mini`). */
const LANGUAGE_MODEL_APIS = new Set(["chat", "responses", "completion", "languageModel"]);

export class ModelRegistry {
  private readonly factories = new Map<string, (env: EnvVars) => ModelProvider>();
  private readonly exact = new Map<string, AliasTarget>();
  private readonly patterns: Array<readonly [RegExp, AliasTarget]> = [];

  constructor(providers: Readonly<Record<string, ProviderFactory>>, aliases: Aliases = {}) {
    for (const [name, factory] of Object.entries(providers)) {
      if (name.includes("/") || name.includes(".")) {
        throw new ConfigurationError(`Provider name '${name}' must not contain '/' or '.'.`);
      }
      this.factories.set(name, memoiseByEnv(factory));
    }
    const rules: readonly AliasRule[] = Array.isArray(aliases)
      ? (aliases as readonly AliasRule[])
      : Object.entries(aliases as Record<string, string>);
    for (const [pattern, target] of rules) {
      if (typeof pattern === "string") this.exact.set(pattern, target);
      else this.patterns.push([pattern, target]);
    }
  }

  get providerNames(): string[] {
    return [...this.factories.keys()];
  }

  /** True when `modelName` is an alias or a `provider/model` name of a registered provider. */
  handles(modelName: string): boolean {
    return this.tryResolveName(modelName) !== undefined;
  }

  /** The `provider/model` name a model name resolves to, or throws naming the model. */
  resolveName(modelName: string): ParsedName {
    const parsed = this.tryResolveName(modelName);
    if (parsed) return parsed;
    const aliased = this.applyAlias(modelName);
    const via = aliased !== undefined && aliased !== modelName ? ` (alias of '${aliased}')` : "";
    throw new ConfigurationError(
      `Model '${modelName}'${via} is not available in the ai-sdk runner: use 'provider/model' with a registered provider or add an alias. Registered providers: ${
        this.providerNames.join(", ") || "(none)"
      }.`,
    );
  }

  languageModel(modelName: string, env: EnvVars): Exclude<LanguageModel, string> {
    const { provider, api, modelId } = this.resolveName(modelName);
    const instance = this.instance(provider, env);
    if (api === undefined) return instance.languageModel(modelId);
    // Only a provider's own language-model factories: a model name never reaches anything else
    // on the provider object (inherited properties, embeddings, …).
    const method = LANGUAGE_MODEL_APIS.has(api) && Object.hasOwn(instance, api) ? (instance as unknown as Record<string, unknown>)[api] : undefined;
    if (typeof method !== "function") {
      throw new ConfigurationError(`Provider '${provider}' has no '${api}' model factory (model '${modelName}').`);
    }
    return (method as (id: string) => Exclude<LanguageModel, string>).call(instance, modelId);
  }

  imageModel(modelName: string, env: EnvVars): ImageModel {
    const { provider, modelId } = this.resolveName(modelName);
    const instance = this.instance(provider, env);
    if (typeof instance.imageModel !== "function") {
      throw new ConfigurationError(`Provider '${provider}' does not support image models (model '${modelName}').`);
    }
    return instance.imageModel(modelId);
  }

  speechModel(modelName: string, env: EnvVars): SpeechModel {
    const { provider, modelId } = this.resolveName(modelName);
    const instance = this.instance(provider, env);
    if (typeof instance.speechModel !== "function") {
      throw new ConfigurationError(`Provider '${provider}' does not support speech models (model '${modelName}').`);
    }
    return instance.speechModel(modelId);
  }

  private instance(provider: string, env: EnvVars): ModelProvider {
    const factory = this.factories.get(provider);
    if (!factory) throw new ConfigurationError(`Provider '${provider}' is not registered.`);
    return factory(env);
  }

  private applyAlias(modelName: string): string | undefined {
    const exact = this.exact.get(modelName);
    if (exact !== undefined) {
      return typeof exact === "string" ? exact : exact(modelName.match(/^.*$/s)!);
    }
    for (const [pattern, target] of this.patterns) {
      pattern.lastIndex = 0;
      const match = modelName.match(pattern);
      if (match) return typeof target === "string" ? target : target(match);
    }
    return undefined;
  }

  private tryResolveName(modelName: string): ParsedName | undefined {
    const aliased = this.applyAlias(modelName);
    return this.parse(aliased ?? modelName);
  }

  private parse(name: string): ParsedName | undefined {
    const slash = name.indexOf("/");
    if (slash <= 0 || slash === name.length - 1) return undefined;
    const head = name.slice(0, slash);
    const modelId = name.slice(slash + 1);
    if (this.factories.has(head)) return { provider: head, modelId };
    const dot = head.indexOf(".");
    if (dot > 0 && dot < head.length - 1) {
      const provider = head.slice(0, dot);
      if (this.factories.has(provider)) return { provider, api: head.slice(dot + 1), modelId };
    }
    return undefined;
  }
}
