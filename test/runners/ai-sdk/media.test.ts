/** Image and speech prompts end to end via the fake (`/v1/images/generations`, `/v1/audio/speech`). */
import { describe, expect, it } from "vitest";
import type { CompiledImagePrompt, CompiledSpeechPrompt } from "../../../src/prompt/types";
import { createAiSdkRunner, openaiFromEnv } from "../../../src/runners/ai-sdk";
import { ctx, FAKE_KEY, requestsWith, uid } from "./helpers";

const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv } });
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

function image(model: string, prompt: string, extra: Partial<CompiledImagePrompt["image_config"]> = {}): CompiledImagePrompt {
  return { kind: "image", name: "i", image_config: { model_name: model, prompt, ...extra } };
}
function speech(model: string, text: string, extra: Partial<CompiledSpeechPrompt["speech_config"]> = {}): CompiledSpeechPrompt {
  return { kind: "speech", name: "s", speech_config: { model_name: model, text, instructions: "", ...extra } };
}

describe("image", () => {
  it("returns [{mimeType, base64}] per image and maps num_images and size", async () => {
    const id = uid();
    const images = await runner.runImage!(image("openai/gpt-image-1", `draw ${id}`, { num_images: 2, size: "1024x1024" }), ctx({ stream: false }));
    expect(images).toEqual([
      { mimeType: "image/png", base64: PNG },
      { mimeType: "image/png", base64: PNG },
    ]);
    const reqs = await requestsWith(id);
    expect(reqs.map((r) => r.path)).toEqual(["/openai/v1/images/generations"]);
    expect(JSON.parse(reqs[0]!.body)).toMatchObject({ model: "gpt-image-1", prompt: `draw ${id}`, n: 2, size: "1024x1024" });
  });

  it("dall-e-3 asks for b64_json and gets one image per call", async () => {
    const id = uid();
    const images = await runner.runImage!(image("openai/dall-e-3", `draw ${id}`, { num_images: 2 }), ctx({ stream: false }));
    expect(images).toHaveLength(2);
    const reqs = await requestsWith(id);
    expect(reqs).toHaveLength(2);
    expect(JSON.parse(reqs[0]!.body)).toMatchObject({ response_format: "b64_json", n: 1 });
  });

  it("upstream errors are thrown with the provider's message, key redacted", async () => {
    // 400 is not retried (a 500 would be, with the SDK's default backoff of seconds)
    await expect(runner.runImage!(image("openai/fail-400", uid()), ctx({ stream: false }))).rejects.toThrow(/Invalid value for 'temperature'/);
    const err = await runner.runImage!(image("openai/fail-401", uid()), ctx({ stream: false })).catch((e: Error) => e);
    expect(String((err as Error).message)).toContain("Incorrect API key provided");
    expect(String((err as Error).message)).not.toContain(FAKE_KEY);
  });
});

describe("speech", () => {
  it("returns {mimeType, base64, format} and maps voice, speed, output format and instructions", async () => {
    const id = uid();
    const result = await runner.runSpeech!(speech("openai/tts-1", `say ${id}`, { voice: "nova", speed: 1.25, output_format: "mp3", instructions: "Cheerful." }), ctx({ stream: false }));
    expect(result.mimeType).toBe("audio/mpeg");
    expect(result.format).toBe("mp3");
    expect(atob(result.base64).startsWith("ID3")).toBe(true);
    const reqs = await requestsWith(id);
    expect(reqs.map((r) => r.path)).toEqual(["/openai/v1/audio/speech"]);
    expect(JSON.parse(reqs[0]!.body)).toEqual({ model: "tts-1", input: `say ${id}`, voice: "nova", response_format: "mp3", speed: 1.25, instructions: "Cheerful." });
  });

  it("wav output", async () => {
    const result = await runner.runSpeech!(speech("openai/gpt-4o-mini-tts", uid(), { output_format: "wav" }), ctx({ stream: false }));
    expect(result).toMatchObject({ mimeType: "audio/wav", format: "wav" });
    expect(atob(result.base64).startsWith("RIFF")).toBe(true);
  });

  it("empty instructions are not sent", async () => {
    const id = uid();
    await runner.runSpeech!(speech("openai/tts-1", id), ctx({ stream: false }));
    expect(JSON.parse((await requestsWith(id))[0]!.body)).not.toHaveProperty("instructions");
  });

  it("upstream errors are thrown with the provider's message", async () => {
    await expect(runner.runSpeech!(speech("openai/fail-429", uid()), ctx({ stream: false }))).rejects.toThrow(/Rate limit reached/);
  });
});
