/**
 * The built-in local model: deterministic, offline, no keys. It serves model names
 * `local/<anything>` and says what it is: text is an echo of the last user message,
 * streamed word by word; objects satisfy the prompt's JSON schema; images are real PNGs
 * and speech a real WAV tone. Usage is counted in words. `local/slow` (25 ms per token)
 * and `local/slow-<ms>` pace the stream so streaming and disconnects can be watched.
 */
import { DEFAULT_RUN_LIMITS } from "../../core/limits";
import type { AgentEvent } from "../../protocol/agent-events";
import type { CompiledObjectPrompt, CompiledTextPrompt } from "../../prompt/types";
import { terminalEvent } from "../toolkit/abort";
import type { GeneratedImage, GeneratedSpeech, RunContext, RunnerOf } from "../types";
import { toBase64 } from "./base64";
import { pause, tokenDelayMs } from "./pace";
import { encodePng } from "./png";
import { checkSchemaSize } from "./schema-size";
import { valueForSchema } from "./schema-value";
import { encodeWav } from "./wav";
import { countWords, fnv1a, inputWordCount, lastUserText } from "./words";

export const LOCAL_MODEL_PREFIX = "local/";

/** Strings in generated objects carry at most this much of the last user message. */
const MAX_STRING_CHARS = 200;
/** Object prompts stream at most this many partial objects. */
const MAX_PARTIALS = 16;

function echoOf(prompt: CompiledTextPrompt): string {
  const said = lastUserText(prompt.messages).trim();
  return said === "" ? "(local model) You said nothing." : `(local model) You said: ${said}`;
}

/** An aborted run (the pause rejects) ends with the toolkit's terminal error, as on every runner. */
async function* endingOnAbort(run: AsyncIterable<AgentEvent>, ctx: RunContext): AsyncIterable<AgentEvent> {
  try {
    yield* run;
  } catch (err) {
    yield terminalEvent(err, ctx);
  }
}

async function* streamText(prompt: CompiledTextPrompt, ctx: RunContext): AsyncIterable<AgentEvent> {
  const delay = tokenDelayMs(prompt.text_config.model_name);
  // Each token is a word with the whitespace before it, so the deltas join back to the text.
  const words = echoOf(prompt).match(/\s*\S+/g) ?? [];
  for (let i = 0; i < words.length; i++) {
    await pause(i > 0 ? delay : 0, ctx.signal);
    yield { type: "text-delta", text: words[i]! };
  }
  const inputTokens = inputWordCount(prompt.messages);
  yield { type: "finish", reason: "stop", usage: { inputTokens, outputTokens: words.length, totalTokens: inputTokens + words.length } };
}

async function* streamObject(prompt: CompiledObjectPrompt, ctx: RunContext): AsyncIterable<AgentEvent> {
  const delay = tokenDelayMs(prompt.object_config.model_name);
  const said = lastUserText(prompt.messages).trim() || "local";
  const value = valueForSchema(prompt.object_config.schema, said.slice(0, MAX_STRING_CHARS), fnv1a(said));
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    // At most MAX_PARTIALS partials, each a copy of what came before: the stream stays a small
    // multiple of the value's size, however many properties the schema has.
    const entries = Object.entries(value);
    const step = Math.max(1, Math.ceil(entries.length / MAX_PARTIALS));
    const partial: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i++) {
      partial[entries[i]![0]] = entries[i]![1];
      if ((i + 1) % step !== 0 && i !== entries.length - 1) continue;
      await pause(delay, ctx.signal);
      yield { type: "object-delta", partial: { ...partial } };
    }
  }
  yield { type: "object-final", value };
  const inputTokens = inputWordCount(prompt.messages);
  const outputTokens = countWords(JSON.stringify(value).replace(/[{}[\]",:]/g, " "));
  yield { type: "finish", reason: "stop", usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens } };
}

export function createLocalRunner(): RunnerOf<"text" | "object" | "image" | "speech"> {
  return {
    name: "local",
    kinds: ["text", "object", "image", "speech"],
    handles: (modelName) => modelName.startsWith(LOCAL_MODEL_PREFIX),
    runText: (prompt, ctx) => endingOnAbort(streamText(prompt, ctx), ctx),
    runObject: (prompt, ctx) => {
      // Before generating anything: the schema's declared sizes bound what the model would make.
      checkSchemaSize(prompt.object_config.schema, (ctx.limits ?? DEFAULT_RUN_LIMITS).maxLocalModelValues);
      return endingOnAbort(streamObject(prompt, ctx), ctx);
    },
    async runImage(prompt): Promise<GeneratedImage[]> {
      const count = Math.min(Math.max(prompt.image_config.num_images ?? 1, 1), 4);
      const images: GeneratedImage[] = [];
      for (let i = 0; i < count; i++) {
        const hash = fnv1a(`${prompt.image_config.prompt}#${i}`);
        const png = await encodePng(16, 16, [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff]);
        images.push({ mimeType: "image/png", base64: toBase64(png) });
      }
      return images;
    },
    async runSpeech(prompt): Promise<GeneratedSpeech> {
      const text = prompt.speech_config.text;
      const durationMs = Math.min(2000, 150 + 80 * countWords(text));
      const wav = encodeWav(durationMs, 220 + (fnv1a(text) % 440));
      return { mimeType: "audio/wav", base64: toBase64(wav), format: "wav" };
    },
  };
}
