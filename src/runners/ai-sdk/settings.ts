/**
 * A compiled prompt → AI SDK v7 call parameters (spec §7.2, with the v7 names:
 * `maxOutputTokens`, `instructions`, `stopWhen: isStepCount(n)`). The prompt settings
 * themselves are mapped by the toolkit, the same way for every runner.
 */
import { LegacyOpenTelemetry } from "@ai-sdk/otel";
import { isStepCount, type LanguageModel, type TelemetryOptions, type ToolSet } from "ai";
import type { ChatMessage, LanguageModelSettings, TextConfig } from "../../prompt/types";
import { toPromptParams } from "../toolkit/messages";
import { callSettings, toolChoice } from "../toolkit/settings";
import { stepLimit } from "../toolkit/tool-refs";
import type { RunContext } from "../types";

/**
 * Telemetry stays off unless the core passes a tracer: then the call gets its own
 * `LegacyOpenTelemetry` integration (ai@7 moved OTel out to `@ai-sdk/otel`), whose spans
 * (`ai.generateText`, `ai.streamText.doStream`, …, the names AgentMark's normalizer reads) go
 * to that tracer, so they nest under the run's span; the tracer stamps the run's metadata as
 * `ai.telemetry.metadata.*` on each. Inputs/outputs are left out of the SDK's spans when the
 * deployment hides them. Per call, never `registerTelemetry`: nothing global.
 */
function sdkTelemetry(ctx: RunContext, extra: { functionId?: string } = {}): { telemetry: TelemetryOptions } {
  const telemetry = ctx.telemetry;
  const tracer = telemetry?.tracer;
  if (!telemetry || !tracer) return { telemetry: { isEnabled: false } };
  return {
    telemetry: {
      isEnabled: true,
      ...extra,
      recordInputs: telemetry.recordInputs !== false,
      recordOutputs: telemetry.recordOutputs !== false,
      integrations: [new LegacyOpenTelemetry({ tracer })],
    } as TelemetryOptions,
  };
}

export function telemetryParams(ctx: RunContext, functionId: string) {
  return sdkTelemetry(ctx, { functionId });
}

/** Telemetry for `generateSpeech` (`generateImage` takes no telemetry in ai@7). */
export function speechTelemetryParams(ctx: RunContext) {
  return sdkTelemetry(ctx);
}

/** Timeout accepted by the runner options and handed to the SDK (`timeout`). */
export type CallTimeout =
  | number
  | { totalMs?: number; stepMs?: number; firstChunkMs?: number; chunkMs?: number; toolMs?: number };

export interface LanguageCallInput {
  model: Exclude<LanguageModel, string>;
  messages: readonly ChatMessage[];
  config: LanguageModelSettings & { tool_choice?: TextConfig["tool_choice"] };
  tools: ToolSet | undefined;
  kind: "text" | "object";
  ctx: RunContext;
  /** Prompt name, used as the telemetry function id. */
  name: string;
  timeout?: CallTimeout;
}

/** Everything `streamText` / `generateText` need except the abort signal and output spec. */
export function languageCallParams(input: LanguageCallInput) {
  const { model, messages, config, tools, kind, ctx, name, timeout } = input;
  const choice = kind === "text" ? toolChoice(config) : undefined;
  const steps = stepLimit(config, { hasTools: tools !== undefined, kind });
  return {
    model,
    ...toPromptParams(messages),
    ...callSettings(config),
    ...(tools ? { tools } : {}),
    ...(choice ? { toolChoice: choice } : {}),
    ...(steps !== undefined ? { stopWhen: isStepCount(steps) } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...telemetryParams(ctx, name),
  };
}
