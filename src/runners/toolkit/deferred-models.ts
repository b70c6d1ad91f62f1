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

/** What every deferred model has: its names, known up front, and the model itself, loaded once. */
abstract class DeferredModel<M> {
  readonly specificationVersion = "v4";
  protected readonly model: () => Promise<M>;

  constructor(
    readonly provider: string,
    readonly modelId: string,
    create: () => Promise<M>,
  ) {
    this.model = once(create);
  }
}

export class DeferredLanguageModel extends DeferredModel<LanguageModelV4> implements LanguageModelV4 {
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

export class DeferredImageModel extends DeferredModel<ImageModelV4> implements ImageModelV4 {
  /** The loaded model's own limit (a number or its function), asked for when a call needs it. */
  readonly maxImagesPerCall = async ({ modelId }: { modelId: string }): Promise<number | undefined> => {
    const limit = (await this.model()).maxImagesPerCall;
    return typeof limit === "function" ? limit({ modelId }) : limit;
  };

  async doGenerate(options: ImageCallOptions) {
    return (await this.model()).doGenerate(options);
  }
}

export class DeferredSpeechModel extends DeferredModel<SpeechModelV4> implements SpeechModelV4 {
  async doGenerate(options: SpeechCallOptions) {
    return (await this.model()).doGenerate(options);
  }
}
