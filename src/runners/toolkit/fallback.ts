/**
 * Local development only: when a provider's key is missing, run the prompt on another
 * runner (the local model) instead, with a warning on every such run.
 */
import { MissingSettingError } from "../../core/errors";
import { modelNameOf, type CompiledPrompt } from "../../prompt/types";
import { startRun, supportsKind, type RunOutput } from "../dispatch";
import type { RunContext, Runner } from "../types";

/**
 * `resolve()` (which reads the provider's settings), or — only when a required setting is
 * missing and a fallback runner serves this kind — that runner's run of the prompt.
 */
export function resolveOrFallBack<T, P extends CompiledPrompt>(
  runnerName: string,
  fallback: Runner | undefined,
  prompt: P,
  ctx: RunContext,
  resolve: () => T,
): { value: T } | { fallback: RunOutput[P["kind"]] } {
  try {
    return { value: resolve() };
  } catch (err) {
    if (err instanceof MissingSettingError && fallback && supportsKind(fallback, prompt.kind)) {
      console.warn(
        `[${runnerName}] ${err.setting} is not configured: running '${modelNameOf(prompt)}' with the local runner '${fallback.name}' (localFallback is set; do not use in production).`,
      );
      return { fallback: startRun(fallback, prompt, ctx) };
    }
    throw err;
  }
}

