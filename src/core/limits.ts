/**
 * Limits on the work one signed job can ask for outside the prompt compiler, and the
 * timeouts of every call the webhook makes to the outside world (docs/limits.md). Both are
 * groups of the config's one `limits` section (`limits.run`, `limits.timeouts`, next to
 * `limits.compile`); every value is a positive integer, and each breach names its setting.
 */
export interface RunLimits {
  /** Highest `max_calls` a prompt may ask for (model calls in one run's tool loop). */
  maxCalls: number;
  /** Highest `max_retries` a prompt may ask for (per model call). */
  maxRetries: number;
  /** Rows of a dataset-run in flight at once: a job's `concurrency` above it is lowered to it. */
  maxConcurrency: number;
  /** Rows one dataset-run reads from its dataset (blank lines not counted). */
  maxDatasetRows: number;
  /** Characters of one dataset line (one row's JSON). */
  maxDatasetLineChars: number;
  /** Nesting depth of one dataset row (its input and expected output are echoed on the wire). */
  maxDatasetRowDepth: number;
  /** Size of each value handed to the evals (the output, the expected output) as JSON text. */
  maxEvalInputChars: number;
  /** Nesting depth of each value handed to the evals. */
  maxEvalInputDepth: number;
  /** Characters of a `regex` eval's pattern. */
  maxRegexPatternChars: number;
  /** Characters of the output a `regex` eval tests (the rest is not looked at). */
  maxRegexInputChars: number;
  /** Values (objects, arrays, strings, numbers…) the local model may generate for one object prompt's schema. */
  maxLocalModelValues: number;
}

export interface Timeouts {
  /** One run: a prompt-run, or one dataset row, from the model call's start to its last event. */
  runMs: number;
  /** Streamed runs: the longest wait for the model's next event, the first one included. */
  idleMs: number;
  /**
   * Streamed answers: after this long with no line to send, one space (JSON whitespace) is
   * sent, so that a runtime that notices a departed client only when it writes (workerd) stops
   * the run then instead of at `idleMs`.
   */
  heartbeatMs: number;
  /** A dataset source: until it answers, and then for each line. */
  datasetReadMs: number;
  /** Delivering an alert to Slack. */
  alertMs: number;
  /** One trace export to the collector. */
  traceExportMs: number;
}

export const DEFAULT_RUN_LIMITS: Readonly<RunLimits> = Object.freeze({
  maxCalls: 100,
  maxRetries: 10,
  maxConcurrency: 100,
  maxDatasetRows: 100_000,
  maxDatasetLineChars: 1024 * 1024,
  maxDatasetRowDepth: 100,
  maxEvalInputChars: 1024 * 1024,
  maxEvalInputDepth: 100,
  maxRegexPatternChars: 1_000,
  maxRegexInputChars: 20_000,
  maxLocalModelValues: 10_000,
});

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({
  runMs: 300_000,
  idleMs: 120_000,
  heartbeatMs: 5_000,
  datasetReadMs: 30_000,
  alertMs: 5_000,
  traceExportMs: 10_000,
});

const resolved = new WeakMap<object, object>();

/**
 * `defaults` with the given overrides, checked once per overrides object: an unknown name or
 * a value that is not a positive integer is a startup error naming `limits.<group>.<name>`.
 */
export function resolveLimitGroup<T extends object>(group: string, defaults: Readonly<T>, overrides: Partial<T> | undefined): Readonly<T> {
  if (overrides === undefined) return defaults;
  const cached = resolved.get(overrides);
  if (cached !== undefined) return cached as Readonly<T>;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [name, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(defaults, name)) {
      throw new Error(`agentmark.config: limits.${group}.${name} is not a ${group} limit (known: ${Object.keys(defaults).join(", ")})`);
    }
    if (value === undefined) continue;
    if (!(Number.isSafeInteger(value) && (value as number) > 0)) {
      throw new Error(`agentmark.config: limits.${group}.${name} must be a positive integer, got ${String(value)}`);
    }
    merged[name] = value;
  }
  const limits = Object.freeze(merged) as Readonly<T>;
  resolved.set(overrides, limits);
  return limits;
}

export const resolveRunLimits = (overrides?: Partial<RunLimits>) => resolveLimitGroup("run", DEFAULT_RUN_LIMITS, overrides);
export const resolveTimeouts = (overrides?: Partial<Timeouts>) => resolveLimitGroup("timeouts", DEFAULT_TIMEOUTS, overrides);

/** A job asked for more than a run limit allows: the caller's mistake (400), naming the setting. */
export class RunLimitError extends Error {
  override readonly name = "RunLimitError";
  constructor(
    message: string,
    readonly setting: `limits.run.${keyof RunLimits}`,
  ) {
    super(`${message} (setting ${setting})`);
  }
}

/** A timeout of `limits.timeouts` ended the work: the abort reason, and the text the caller sees. */
export class TimeoutExceededError extends Error {
  override readonly name = "TimeoutExceededError";
  constructor(
    message: string,
    readonly setting: `limits.timeouts.${keyof Timeouts}`,
  ) {
    super(`${message} (setting ${setting})`);
  }
}
