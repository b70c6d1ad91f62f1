/**
 * Models of the AI SDK's provider specification (v4) whose provider SDK is loaded on their
 * first call, not when the bundle starts: a provider factory can then check its settings
 * synchronously (a missing key is still a configuration error before any output) while the
 * SDK itself (`@ai-sdk/openai`: ~220 KiB to parse and evaluate) costs only the runs that use
 * it. `provider` and `modelId` are known without loading; everything else is delegated.
 */
import type { ImageModel, LanguageModel, SpeechModel } from "ai";

type LanguageModelV4 = Extract<LanguageModel, { specificationVersion: "v4" }>;
type ImageModelV4 = Extract<ImageModel, { specificationVersion: "v4" }>;
type SpeechModelV4 = Extract<SpeechModel, { specificationVersion: "v4" }>;

type LanguageCallOptions = Parameters<LanguageModelV4["doGenerate"]>[0];
type ImageCallOptions = Parameters<ImageModelV4["doGenerate"]>[0];
type SpeechCallOptions = Parameters<SpeechModelV4["doGenerate"]>[0];

/** `load()` once; a failed load is retried by the next caller. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    }));
}

export class DeferredLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  private readonly model: () => Promise<LanguageModelV4>;

  constructor(
    readonly provider: string,
    readonly modelId: string,
    create: () => Promise<LanguageModelV4>,
  ) {
    this.model = once(create);
  }

  get supportedUrls(): PromiseLike<Record<string, RegExp[]>> {
    return this.model().then((model) => model.supportedUrls);
  }

  async doGenerate(options: LanguageCallOptions) {
    return (await this.model()).doGenerate(options);
  }

  async doStream(options: LanguageCallOptions) {
    return (await this.model()).doStream(options);
  }
}

export class DeferredImageModel implements ImageModelV4 {
  readonly specificationVersion = "v4";
  private readonly model: () => Promise<ImageModelV4>;

  constructor(
    readonly provider: string,
    readonly modelId: string,
    create: () => Promise<ImageModelV4>,
  ) {
    this.model = once(create);
  }

  /** The loaded model's own limit (a number or its function), asked for when a call needs it. */
  readonly maxImagesPerCall = async ({ modelId }: { modelId: string }): Promise<number | undefined> => {
    const limit = (await this.model()).maxImagesPerCall;
    return typeof limit === "function" ? limit({ modelId }) : limit;
  };

  async doGenerate(options: ImageCallOptions) {
    return (await this.model()).doGenerate(options);
  }
}

export class DeferredSpeechModel implements SpeechModelV4 {
  readonly specificationVersion = "v4";
  private readonly model: () => Promise<SpeechModelV4>;

  constructor(
    readonly provider: string,
    readonly modelId: string,
    create: () => Promise<SpeechModelV4>,
  ) {
    this.model = once(create);
  }

  async doGenerate(options: SpeechCallOptions) {
    return (await this.model()).doGenerate(options);
  }
}
