/** Image and speech prompts: `generateImage` / `generateSpeech` (one-shot, never streamed). */
import { generateImage, generateSpeech, type ImageModel, type SpeechModel } from "ai";
import type { ImageConfig, SpeechConfig } from "../../prompt/types";
import { terminalError } from "../toolkit/abort";
import { imageSettings, speechSettings } from "../toolkit/settings";
import type { GeneratedImage, GeneratedSpeech, RunContext } from "../types";
import { speechTelemetryParams } from "./settings";

/** Media runs return values, so failures are thrown, with the provider's (redacted) message. */
export async function runImageCall(model: ImageModel, config: ImageConfig, ctx: RunContext): Promise<GeneratedImage[]> {
  try {
    const result = await generateImage({ model, ...imageSettings(config), abortSignal: ctx.signal });
    return result.images.map((image) => ({ mimeType: image.mediaType, base64: image.base64 }));
  } catch (err) {
    throw terminalError(err, ctx);
  }
}

export async function runSpeechCall(model: SpeechModel, config: SpeechConfig, ctx: RunContext): Promise<GeneratedSpeech> {
  try {
    const { audio } = await generateSpeech({ model, ...speechSettings(config), ...speechTelemetryParams(ctx), abortSignal: ctx.signal });
    return { mimeType: audio.mediaType, base64: audio.base64, format: audio.format };
  } catch (err) {
    throw terminalError(err, ctx);
  }
}
