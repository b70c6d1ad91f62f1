/**
 * A compiled prompt → what `agent.stream` / `agent.generate` take. Every prompt setting is
 * mapped by the toolkit, exactly as for the AI SDK runner (`modelSettings` uses the same
 * names); `max_calls` → `maxSteps`; System messages → the agent's instructions.
 */
import type { AgentExecutionOptions } from "@mastra/core/agent";
import type { LanguageModelSettings, ObjectConfig, TextConfig } from "../../prompt/types";
import { callSettings, stepLimit, toolChoice } from "../toolkit";

/** The AI SDK's default, so a prompt without `max_retries` retries alike through either runner (Mastra's own default is 0). */
const DEFAULT_MAX_RETRIES = 2;

/** Timeout for a model call, in ms or per phase (Mastra's `modelSettings.timeout`). */
export type MastraCallTimeout = number | { totalMs?: number; stepMs?: number; firstChunkMs?: number };

export interface CallInput {
  kind: "text" | "object";
  config: LanguageModelSettings & Partial<Pick<TextConfig, "tool_choice">> & Partial<Pick<ObjectConfig, "schema">>;
  hasTools: boolean;
  timeout?: MastraCallTimeout;
}

export function executionOptions({ kind, config, hasTools, timeout }: CallInput): AgentExecutionOptions<unknown> {
  const choice = kind === "text" ? toolChoice(config) : undefined;
  const timeoutSettings = timeout === undefined ? {} : { timeout: typeof timeout === "number" ? { totalMs: timeout } : timeout };
  return {
    modelSettings: { maxRetries: DEFAULT_MAX_RETRIES, ...callSettings(config), ...timeoutSettings },
    // Without max_calls one model call, as the AI SDK runner (Mastra would otherwise loop).
    maxSteps: stepLimit(config, { hasTools, kind }) ?? 1,
    ...(choice ? { toolChoice: choice } : {}),
    ...(kind === "object" ? { structuredOutput: { schema: config.schema ?? {} } } : {}),
  } as AgentExecutionOptions<unknown>;
}
