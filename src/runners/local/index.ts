/**
 * The built-in local model: deterministic, offline, no keys. It serves model names
 * `local/<anything>` and says what it is: text is an echo of the last user message,
 * streamed word by word (a one-shot run gets it in one delta); objects satisfy the prompt's JSON schema; images are real PNGs
 * and speech a real WAV tone. Usage is counted in words. `local/slow` (25 ms per token)
 * and `local/slow-<ms>` pace the stream so streaming and disconnects can be watched.
 *
 * Given the template's tool registry (`createLocalRunner({ tools })`), it calls the prompt's
 * tools when the last user message says `[[call:NAME {"arg":1}]]` (./tool-step.ts), then
 * answers `Tool said: <results>` if `max_calls` allows a second model call.
 */
import type { Tool } from "ai";
import { DEFAULT_RUN_LIMITS } from "../../core/limits";
import type { AgentEvent } from "../../protocol/agent-events";
import type { CompiledObjectPrompt, CompiledTextPrompt } from "../../prompt/types";
import { resolveToolRefs, type ToolRef, type ToolRegistry } from "../toolkit";
import { terminalEvent } from "../toolkit/abort";
import type { GeneratedImage, GeneratedSpeech, RunContext, RunnerOf } from "../types";
import { toBase64 } from "./base64";
import { pause, tokenDelayMs } from "./pace";
import { encodePng } from "./png";
import { checkSchemaSize } from "./schema-size";
import { valueForSchema } from "./schema-value";
import { toolStep } from "./tool-step";
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

function usageOf(inputTokens: number, outputTokens: number) {
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

// An aborted run (the pause throws) ends with the toolkit's terminal error, as on every runner.
// Caught inside each generator, not by a wrapping one: a `yield*` layer costs every event.
async function* streamText(prompt: CompiledTextPrompt, tools: readonly ToolRef<Tool>[], ctx: RunContext): AsyncIterable<AgentEvent> {
  try {
    const delay = tokenDelayMs(prompt.text_config.model_name);
    const called = yield* toolStep(prompt.messages, prompt.text_config, tools, "text", ctx, delay);
    if (called?.stepsUsedUp) {
      yield { type: "finish", reason: "tool-calls", usage: usageOf(called.usage.inputTokens, called.usage.outputTokens) };
      return;
    }
    // Each token is a word with the whitespace before it, so the deltas join back to the text.
    // A streamed run gets them one at a time; a one-shot run its whole answer in one delta, as
    // a provider's non-streaming API gives it (the pace is the same).
    const words = (called ? called.answer : echoOf(prompt)).match(/\s*\S+/g) ?? [];
    let text = "";
    for (let i = 0; i < words.length; i++) {
      const paced = pause(i > 0 || called ? delay : 0, ctx.signal);
      if (paced) await paced;
      text += words[i]!;
      if (ctx.stream || i === words.length - 1) {
        yield { type: "text-delta", text };
        text = "";
      }
    }
    const inputTokens = called ? called.usage.inputTokens + called.answerInputTokens : inputWordCount(prompt.messages);
    yield { type: "finish", reason: "stop", usage: usageOf(inputTokens, (called?.usage.outputTokens ?? 0) + words.length) };
  } catch (err) {
    yield terminalEvent(err, ctx);
  }
}

async function* streamObject(prompt: CompiledObjectPrompt, tools: readonly ToolRef<Tool>[], ctx: RunContext): AsyncIterable<AgentEvent> {
  try {
    const delay = tokenDelayMs(prompt.object_config.model_name);
    const called = yield* toolStep(prompt.messages, prompt.object_config, tools, "object", ctx, delay);
    if (called?.stepsUsedUp) {
      yield { type: "error", error: `No object generated: max_calls (${prompt.object_config.max_calls}) was used up by tool calls, leaving no model call for the answer.` };
      return;
    }
    const seedText = called?.answer ?? (lastUserText(prompt.messages).trim() || "local");
    const value = valueForSchema(prompt.object_config.schema, seedText.slice(0, MAX_STRING_CHARS), fnv1a(seedText));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      // At most MAX_PARTIALS partials, each a copy of what came before: the stream stays a small
      // multiple of the value's size, however many properties the schema has.
      const entries = Object.entries(value);
      const step = Math.max(1, Math.ceil(entries.length / MAX_PARTIALS));
      const partial: Record<string, unknown> = {};
      for (let i = 0; i < entries.length; i++) {
        partial[entries[i]![0]] = entries[i]![1];
        if ((i + 1) % step !== 0 && i !== entries.length - 1) continue;
        const paced = pause(delay, ctx.signal);
        if (paced) await paced;
        if (ctx.stream) yield { type: "object-delta", partial: { ...partial } }; // a one-shot run gets the final value only
      }
    }
    yield { type: "object-final", value };
    const inputTokens = called ? called.usage.inputTokens + called.answerInputTokens : inputWordCount(prompt.messages);
    const outputTokens = (called?.usage.outputTokens ?? 0) + countWords(JSON.stringify(value).replace(/[{}[\]",:]/g, " "));
    yield { type: "finish", reason: "stop", usage: usageOf(inputTokens, outputTokens) };
  } catch (err) {
    yield terminalEvent(err, ctx);
  }
}

export interface LocalRunnerOptions {
  /**
   * The template's tool registry (the same one the other runners get). Without it the local
   * model ignores the prompt's `tools`, as it does when it stands in for a runner (`localFallback`).
   */
  tools?: ToolRegistry;
}

export function createLocalRunner(options: LocalRunnerOptions = {}): RunnerOf<"text" | "object" | "image" | "speech"> {
  const { tools } = options;
  // Unknown and MCP tool names are configuration errors, thrown before any event as on every runner.
  const toolsOf = (config: CompiledTextPrompt["text_config"] | CompiledObjectPrompt["object_config"]) =>
    tools ? resolveToolRefs(config.tools, tools, "local") : [];
  return {
    name: "local",
    kinds: ["text", "object", "image", "speech"],
    handles: (modelName) => modelName.startsWith(LOCAL_MODEL_PREFIX),
    runText: (prompt, ctx) => streamText(prompt, toolsOf(prompt.text_config), ctx),
    runObject: (prompt, ctx) => {
      // Before generating anything: the schema's declared sizes bound what the model would make.
      checkSchemaSize(prompt.object_config.schema, (ctx.limits ?? DEFAULT_RUN_LIMITS).maxLocalModelValues);
      return streamObject(prompt, toolsOf(prompt.object_config), ctx);
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
