/**
 * The shape of `src/agentmark.config.ts`, the one file a template user edits: which
 * runners serve which models, which evals exist, where alerts go.
 */
import type { AlertPayload } from "./protocol/events";
import { resolveCompileLimits, type CompileLimits } from "./prompt/limits";
import type { ChatMessage } from "./prompt/types";
import type { EnvVars } from "./core/env";
import { resolveRunLimits, resolveTimeouts, type RunLimits, type Timeouts } from "./core/limits";
import { checkRouting, type Routing } from "./runners/select";
import type { Runner } from "./runners/types";

export interface EvalParams {
  /** The compiled chat messages of the row (what the model saw). */
  input: ChatMessage[];
  /** The row's output: text, or the object for object prompts. */
  output: unknown;
  /** The dataset row's `expected_output`, verbatim. */
  expectedOutput?: unknown;
  /** The deployment's run limits (`limits.run`), for scorers that bound their own work. */
  limits?: Readonly<RunLimits>;
}

export interface EvalResult {
  score?: number;
  label?: string;
  reason?: string;
  passed?: boolean;
  [extra: string]: unknown;
}

export type EvalFunction = (params: EvalParams) => EvalResult | Promise<EvalResult>;

export interface AlertContext {
  env: EnvVars;
}

export interface AgentmarkConfig extends Routing {
  /**
   * Who runs which `model_name`. When several serve a prompt's model and kind,
   * `defaultRunner` or `routes` (prompt name → runner name) says which one; without them that
   * prompt is refused with an error that says so (src/runners/select.ts).
   */
  runners: Runner[];
  /** Eval (scorer) registry, by name: listed by `get-evals`, run per dataset row. */
  evals?: Record<string, EvalFunction>;
  /** Datasets bundled into the Worker: dataset path (as prompts name it) → JSONL text. */
  datasets?: Record<string, string>;
  alerts?: {
    /** Called after the webhook has answered 202; a throw is logged and never reaches the platform. */
    onAlert?: (alert: AlertPayload, ctx: AlertContext) => void | Promise<void>;
  };
  /** Bounds on the work one job may ask for, and timeouts of every outside call (docs/limits.md). */
  limits?: {
    /** Overrides of the prompt compiler's limits; each breach is a 400 naming its setting. */
    compile?: Partial<CompileLimits>;
    /** What a run may ask for outside the compiler: tool loop, retries, dataset rows, eval inputs, the local model's output. */
    run?: Partial<RunLimits>;
    /** Timeouts of model calls, dataset sources, alert delivery and trace export, in ms. */
    timeouts?: Partial<Timeouts>;
  };
}

export function defineConfig(config: AgentmarkConfig): AgentmarkConfig {
  if (config.runners.length === 0) throw new Error("agentmark.config: at least one runner is required");
  resolveCompileLimits(config.limits?.compile);
  checkRouting(config.runners, config);
  resolveRunLimits(config.limits?.run);
  resolveTimeouts(config.limits?.timeouts);
  return config;
}
