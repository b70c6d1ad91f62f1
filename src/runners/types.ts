/**
 * The runner seam: the only place that knows a model SDK. The core compiles the prompt,
 * picks a runner by model name, and turns what the runner yields into AgentMark's wire
 * format; a runner never writes wire chunks, envelopes or HTTP itself.
 */
import type { Tracer } from "@opentelemetry/api";
import type { AgentEvent } from "../protocol/agent-events";
import type {
  CompiledImagePrompt,
  CompiledObjectPrompt,
  CompiledSpeechPrompt,
  CompiledTextPrompt,
  PromptKind,
} from "../prompt/types";

export type { AgentEvent, AgentUsage } from "../protocol/agent-events";

/** Settings of the running deployment, read from the runtime's environment. */
export type EnvVars = Readonly<Record<string, string | undefined>>;

export interface RunContext {
  /** Fires when the caller disconnects; runners must stop work and cancel upstream calls. */
  signal: AbortSignal;
  /** True when the caller reads a stream: emit deltas as they arrive. */
  stream: boolean;
  /** The deployment's environment (API keys, base URLs). */
  env: EnvVars;
  /** Set when the run is traced: what a runner forwards to its SDK's own instrumentation. */
  telemetry?: RunTelemetry;
}

export interface RunTelemetry {
  /** Recorded by the SDK on its spans (`ai.telemetry.metadata.*`): trace_name, prompt_name, props, commit_sha. */
  metadata: Record<string, string>;
  /**
   * An OpenTelemetry tracer whose spans nest under the run's span (spans started without an
   * explicit parent get the run's span as parent). Absent: forward the metadata only.
   */
  tracer?: Tracer;
  /** False when the deployment hides prompt inputs / model outputs from traces (AGENTMARK_HIDE_INPUTS, AGENTMARK_HIDE_OUTPUTS). */
  recordInputs?: boolean;
  recordOutputs?: boolean;
}

export interface GeneratedImage {
  mimeType: string;
  base64: string;
}

export interface GeneratedSpeech {
  mimeType: string;
  base64: string;
  format: string;
}

export interface Runner {
  /** Short name shown by `GET /health` and in errors. */
  readonly name: string;
  /** Prompt kinds this runner can execute; the core refuses the others with a clear error. */
  readonly kinds: readonly PromptKind[];
  /** Whether this runner serves the given `model_name` (e.g. `local/echo`, `openai/gpt-4o`). */
  handles(modelName: string): boolean;
  runText?(prompt: CompiledTextPrompt, ctx: RunContext): AsyncIterable<AgentEvent>;
  runObject?(prompt: CompiledObjectPrompt, ctx: RunContext): AsyncIterable<AgentEvent>;
  runImage?(prompt: CompiledImagePrompt, ctx: RunContext): Promise<GeneratedImage[]>;
  runSpeech?(prompt: CompiledSpeechPrompt, ctx: RunContext): Promise<GeneratedSpeech>;
}
