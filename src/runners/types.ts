/**
 * The runner seam: the only place that knows a model SDK. The core compiles the prompt,
 * picks a runner by model name (`select.ts`), calls the method for the prompt's kind
 * (`dispatch.ts`, the one place that does) and turns what the runner yields into
 * AgentMark's wire format; a runner never writes wire chunks, envelopes or HTTP itself.
 * What runners share (model names, providers, tools, settings, errors, abort) is in
 * `toolkit/`.
 */
import type { EnvVars } from "../core/env";
import type { RunLimits, Timeouts } from "../core/limits";
import type { RunTelemetry } from "../core/run-telemetry";
import type { AgentEvent } from "../protocol/agent-events";
import type {
  CompiledImagePrompt,
  CompiledObjectPrompt,
  CompiledSpeechPrompt,
  CompiledTextPrompt,
  PromptKind,
} from "../prompt/types";

export type { AgentEvent, AgentUsage } from "../protocol/agent-events";
export type { EnvVars } from "../core/env";
export type { RunLimits, Timeouts } from "../core/limits";
export type { RunTelemetry } from "../core/run-telemetry";
export type { PromptKind } from "../prompt/types";

export interface RunContext {
  /** Fires when the caller disconnects; runners must stop work and cancel upstream calls. */
  signal: AbortSignal;
  /** True when the caller reads a stream: emit deltas as they arrive. */
  stream: boolean;
  /** The deployment's environment (API keys, base URLs). */
  env: EnvVars;
  /** Set when the run is traced: what a runner forwards to its SDK's own instrumentation. */
  telemetry?: RunTelemetry;
  /** The deployment's run limits (`limits.run`); absent: the defaults. */
  limits?: Readonly<RunLimits>;
  /**
   * The run's timeouts (`limits.timeouts`), enforced by `startRun` around the runner; a runner
   * sees its effect as `signal` firing (with a `TimeoutExceededError` as the reason).
   */
  timeouts?: Readonly<Pick<Timeouts, "runMs" | "idleMs">>;
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

/** The method that runs each prompt kind. */
export interface RunnerMethods {
  runText(prompt: CompiledTextPrompt, ctx: RunContext): AsyncIterable<AgentEvent>;
  runObject(prompt: CompiledObjectPrompt, ctx: RunContext): AsyncIterable<AgentEvent>;
  runImage(prompt: CompiledImagePrompt, ctx: RunContext): Promise<GeneratedImage[]>;
  runSpeech(prompt: CompiledSpeechPrompt, ctx: RunContext): Promise<GeneratedSpeech>;
}

export const METHOD_OF_KIND = {
  text: "runText",
  object: "runObject",
  image: "runImage",
  speech: "runSpeech",
} as const satisfies Record<PromptKind, keyof RunnerMethods>;

export type MethodOf<K extends PromptKind> = (typeof METHOD_OF_KIND)[K];

interface RunnerBase<K extends PromptKind> {
  /** Short name shown by `GET /health` and in errors. */
  readonly name: string;
  /** Prompt kinds this runner can execute; the core refuses the others with a clear error. */
  readonly kinds: readonly K[];
  /** Whether this runner serves the given `model_name` (e.g. `local/echo`, `openai/gpt-4o`). */
  handles(modelName: string): boolean;
}

/** A runner of exactly the kinds `K`: each declared kind's method is required. */
export type RunnerOf<K extends PromptKind> = RunnerBase<K> & Pick<RunnerMethods, MethodOf<K>>;

type KindList = ["text", "object", "image", "speech"];
/** Every non-empty subset of the kinds, one tuple each. */
type Subsets<T extends readonly PromptKind[]> = T extends readonly [infer Head extends PromptKind, ...infer Rest extends PromptKind[]]
  ? Subsets<Rest> | [Head, ...Subsets<Rest>]
  : [];
type KindSets = Exclude<Subsets<KindList>, []>;

/**
 * Any runner: a union of `RunnerOf<K>` over every set of kinds, so declaring a kind without
 * implementing its method is a type error (`test/runners/runner-type.check.ts`).
 */
export type Runner = KindSets extends infer S ? (S extends readonly PromptKind[] ? RunnerOf<S[number]> : never) : never;
