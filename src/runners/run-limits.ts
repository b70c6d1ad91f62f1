/**
 * The prompt settings that ask for repeated upstream work, checked against `limits.run`
 * before anything runs: `max_calls` (the tool loop's model calls) and `max_retries` (per call).
 * Asking for more is the caller's mistake: a `RunLimitError` (400) naming the setting.
 */
import { DEFAULT_RUN_LIMITS, RunLimitError, type RunLimits } from "../core/limits";
import type { CompiledPrompt } from "../prompt/types";

function settingsOf(prompt: CompiledPrompt): { max_calls?: unknown; max_retries?: unknown } | undefined {
  if (prompt.kind === "text") return prompt.text_config;
  if (prompt.kind === "object") return prompt.object_config;
  return undefined;
}

export function checkRunLimits(prompt: CompiledPrompt, limits: Readonly<RunLimits> = DEFAULT_RUN_LIMITS): void {
  const settings = settingsOf(prompt);
  if (!settings) return;
  const { max_calls: calls, max_retries: retries } = settings;
  if (typeof calls === "number" && calls > limits.maxCalls) {
    throw new RunLimitError(`Prompt "${prompt.name}" asks for max_calls: ${calls}, more than the ${limits.maxCalls} allowed`, "limits.run.maxCalls");
  }
  if (typeof retries === "number" && retries > limits.maxRetries) {
    throw new RunLimitError(`Prompt "${prompt.name}" asks for max_retries: ${retries}, more than the ${limits.maxRetries} allowed`, "limits.run.maxRetries");
  }
}
