/**
 * The prompt-run span (spec §8.2, span-io.json): named after the prompt (frontmatter `name`,
 * else "prompt-run"), started before the model call with the compiled input, ended by the
 * caller once the run has drained (see `observeEvents`) or returned.
 */
import type { Tracer } from "@opentelemetry/api";
import type { CompiledPrompt } from "../prompt/types";
import type { RunTelemetry } from "../core/run-telemetry";
import { ATTR, promptAttributes, promptInputJson, sdkMetadata, toJson } from "./attributes";
import type { TraceMasking } from "./masking";
import { RunSpan } from "./run-span";

export interface PromptSpanArgs {
  prompt: CompiledPrompt;
  promptPath?: string;
  /** `data.customProps` as sent: recorded as `agentmark.props` only when provided. */
  customProps?: unknown;
  /** What the deployment hides from traces; the SDK's own spans honour it too. */
  masking?: TraceMasking;
}

export interface StartedRun {
  span: RunSpan;
  /** For `RunContext.telemetry`: the SDK's spans nest under `span`. */
  telemetry: RunTelemetry;
}

export function promptSpanName(prompt: CompiledPrompt): string {
  return prompt.name || "prompt-run";
}

export function startPromptSpan(tracer: Tracer, { prompt, promptPath, customProps, masking }: PromptSpanArgs): StartedRun {
  const name = promptSpanName(prompt);
  const hasProps = customProps !== undefined && customProps !== null;
  const span = RunSpan.start(tracer, name, {
    ...promptAttributes(prompt, name, promptPath),
    ...(hasProps ? { [ATTR.props]: toJson(customProps) } : {}),
    [ATTR.input]: promptInputJson(prompt),
  });
  return { span, telemetry: span.runTelemetry(() => sdkMetadata(prompt, name, hasProps ? customProps : undefined), masking) };
}
