/**
 * The provider map: `model_name` → a model object of the AI SDK's provider specification
 * (`LanguageModelV4`, …). Any runner that takes such models (the AI SDK runner, Mastra)
 * resolves through the same registry, so `openai/*` means the same model everywhere and
 * providers are cached once per distinct environment.
 *
 * ```ts
 * const models = createModelRegistry({
 *   providers: { openai: openaiFromEnv },   // + anthropic: (env) => createAnthropic({ apiKey: requireEnv(env, "ANTHROPIC_API_KEY") })
 *   aliases: { "gpt-4o": "openai/gpt-4o" },
 * });
 * ```
 */
import type { ImageModel, LanguageModel, SpeechModel } from "ai";
import { ConfigurationError } from "../../core/errors";
import type { EnvVars } from "../../core/env";
import { ModelNames, type Aliases, type ResolvedModelName } from "./model-names";
import { memoiseByEnv } from "./provider-cache";

/** What a provider factory returns: `createOpenAI(...)`, `createAnthropic(...)`, … */
export interface ModelProvider {
  languageModel(modelId: string): Exclude<LanguageModel, string>;
  imageModel?(modelId: string): ImageModel;
  speechModel?(modelId: string): SpeechModel;
}

/** Builds a provider from the deployment's environment (API keys, base URLs). */
export type ProviderFactory = (env: EnvVars) => ModelProvider;

export interface ModelRegistryOptions {
  /** Provider name → factory reading the environment. `openai/<id>` needs `openai` here. */
  providers: Readonly<Record<string, ProviderFactory>>;
  /** Extra model names: exact (`{ "gpt-4o": "openai/gpt-4o" }`) or patterns (`[[/^gpt-/, (m) => \`openai/${m.input}\`]]`). */
  aliases?: Aliases;
}

/** The `provider.api/model` APIs a model name may choose (`openai.chat/gpt-4o-mini`). */
const LANGUAGE_MODEL_APIS = new Set(["chat", "responses", "completion", "languageModel"]);

export class ModelRegistry {
  private readonly factories = new Map<string, (env: EnvVars) => ModelProvider>();
  readonly names: ModelNames;

  constructor(providers: Readonly<Record<string, ProviderFactory>>, aliases: Aliases = {}) {
    this.names = new ModelNames(new Set(Object.keys(providers)), aliases);
    for (const [name, factory] of Object.entries(providers)) this.factories.set(name, memoiseByEnv(factory));
  }

  get providerNames(): string[] {
    return this.names.providerNames;
  }

  /** True when `modelName` is an alias or a `provider/model` name of a registered provider. */
  handles(modelName: string): boolean {
    return this.names.handles(modelName);
  }

  /** The `provider/model` a model name resolves to, or throws naming the model. */
  resolveName(modelName: string): ResolvedModelName {
    return this.names.resolve(modelName);
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
}

/** One provider map for every runner in the config that takes AI SDK models. */
export function createModelRegistry(options: ModelRegistryOptions): ModelRegistry {
  return new ModelRegistry(options.providers, options.aliases);
}
