import { ConfigurationError } from "../core/errors";
import { modelNameOf, type CompiledPrompt } from "../prompt/types";
import { supportsKind, unsupportedKind } from "./dispatch";
import type { Runner } from "./types";

/** The first configured runner that serves the prompt's model and kind, or a configuration error that says why not. */
export function selectRunner(runners: readonly Runner[], prompt: CompiledPrompt): Runner {
  const model = modelNameOf(prompt);
  const runner = runners.find((r) => r.handles(model));
  if (!runner) {
    const names = runners.map((r) => r.name).join(", ");
    throw new ConfigurationError(
      `No runner serves model "${model}" (configured runners: ${names}). Use a model name one of them handles, e.g. "local/echo" or "openai/gpt-4o-mini", or add a runner in src/agentmark.config.ts.`,
    );
  }
  if (!supportsKind(runner, prompt.kind)) throw unsupportedKind(runner, prompt.kind);
  return runner;
}
