/**
 * `dataset-run` (spec §2.4, §5.4, §6): everything that can be checked before answering is
 * checked first (prompt, dataset path, sampling, runner, dataset source) and throws (the
 * handler answers a plain `{message}`); then rows come as `{"type":"dataset"}` lines in
 * completion order.
 * Reading and compiling rows is sequential; running them is a bounded pool. A failing row
 * is one `{"type":"error"}` line and the run goes on; a read or compile error is one error
 * line and the run stops; a disconnect stops new rows and cancels those in flight.
 */
import type { AgentmarkConfig } from "../config";
import { childController } from "../core/any-signal";
import type { EnvVars } from "../core/env";
import { resolveRunLimits, resolveTimeouts } from "../core/limits";
import { InvalidJobError, normalizeError } from "../protocol/errors";
import type { DatasetRunData } from "../protocol/events";
import { compile, type CompileLimits } from "../prompt";
import { modelNameOf } from "../prompt/types";
import type { Logger } from "../runtime/log";
import { checkRunLimits } from "../runners/run-limits";
import { selectRunner } from "../runners/select";
import { OpenSpans, type Tracing } from "../telemetry";
import { unknownEvals } from "./evals";
import { normalizeConcurrency, runPool } from "./pool";
import { runRow, type FormattedRow, type RowContext } from "./run-row";
import { datasetRows, type DatasetReadOptions, type DatasetRow } from "./rows";
import { needsRowCount, rowFilter, toSamplingOptions } from "./sampling";
import { openDataset, type DatasetSourceContext } from "./sources";

export const DEFAULT_RUN_NAME = "local-experiment";

export interface ExperimentDeps {
  config: AgentmarkConfig;
  env: EnvVars;
  bindings: unknown;
  signal: AbortSignal;
  log: Logger;
  /** Removes secret values from in-band error lines. */
  redactError?: (text: string) => string;
  /** Present when tracing is on for this request: one span per text/object row. */
  tracing?: Tracing;
}

function normalizePath(path: string): string {
  return path.trim().replace(/^\.\//, "");
}

async function countRows(path: string, sources: DatasetSourceContext, read: DatasetReadOptions): Promise<number> {
  let count = 0;
  for await (const _row of datasetRows((await openDataset(path, sources)).body, path, read)) count++;
  return count;
}

async function* sampledRows(rows: AsyncIterable<DatasetRow>, keep: (index: number) => boolean): AsyncGenerator<DatasetRow> {
  let index = 0;
  for await (const row of rows) if (keep(index++)) yield row;
}

async function* formatted(rows: AsyncIterable<DatasetRow>, ast: unknown, limits?: Partial<CompileLimits>): AsyncGenerator<FormattedRow> {
  for await (const row of rows) yield { row, prompt: compile(ast, row.input, limits) };
}

/** A started experiment: its lines, in completion order, and how to stop it when the caller goes away. */
export interface StartedExperiment {
  lines: AsyncIterable<unknown>;
  cancel(reason: unknown): void;
  /** The prompt's name and model, for the request's log line. */
  prompt: string;
  model: string;
}

export async function startExperiment(data: DatasetRunData, deps: ExperimentDeps): Promise<StartedExperiment> {
  const { config, env, log } = deps;
  const prompt = compile(data.ast, {}, config.limits?.compile);
  const datasetPath = data.datasetPath ?? prompt.test_settings?.dataset;
  if (!datasetPath) {
    throw new InvalidJobError("No dataset to run: set data.datasetPath, or test_settings.dataset in the prompt's frontmatter.");
  }
  const path = normalizePath(datasetPath);
  const runner = selectRunner(config.runners, prompt, config);
  const limits = resolveRunLimits(config.limits?.run);
  const timeouts = resolveTimeouts(config.limits?.timeouts);
  checkRunLimits(prompt, limits);
  const read: DatasetReadOptions = {
    maxLineChars: limits.maxDatasetLineChars,
    maxRows: limits.maxDatasetRows,
    maxDepth: limits.maxDatasetRowDepth,
    readTimeoutMs: timeouts.datasetReadMs,
  };
  const registry = config.evals ?? {};
  const evalNames = prompt.test_settings?.evals ?? [];
  const skipped = unknownEvals(evalNames, registry);
  if (skipped.length > 0) log.info("evals_skipped", { reason: "not registered", evals: skipped });

  const cancel = childController(deps.signal);
  const signal = cancel.signal;
  const sources: DatasetSourceContext = { bundled: config.datasets ?? {}, env, bindings: deps.bindings, signal, readTimeoutMs: timeouts.datasetReadMs };
  const sampling = toSamplingOptions(data.sampling);
  const keep = rowFilter(sampling, needsRowCount(sampling) ? await countRows(path, sources, read) : undefined);
  const opened = await openDataset(path, sources);

  const spans = deps.tracing ? new OpenSpans() : undefined;
  const ctx: RowContext = {
    runner,
    env,
    limits,
    timeouts,
    evalNames,
    evals: registry,
    runId: crypto.randomUUID(),
    runName: data.experimentId ?? DEFAULT_RUN_NAME,
    ...(deps.tracing && spans
      ? {
          trace: {
            tracer: deps.tracing.tracer,
            masking: deps.tracing.settings.masking,
            spans,
            datasetPath: path,
            promptPath: data.promptPath,
            experimentKey: data.experimentKey ?? prompt.test_settings?.experiment_key,
            sourceTreeHash: data.sourceTreeHash,
          },
        }
      : {}),
  };
  // Export once the stream is over and every row span has ended (rows cut short by a
  // disconnect end a moment after the stream does).
  if (deps.tracing && spans) deps.tracing.exportAfter(spans.idle);
  const source = formatted(sampledRows(datasetRows(opened.body, path, read), keep), data.ast, config.limits?.compile)[Symbol.asyncIterator]();
  const outcomes = runPool(source, (item, index, rowSignal) => runRow(item, ctx, rowSignal, index), {
    concurrency: normalizeConcurrency(data.concurrency, limits.maxConcurrency),
    signal,
  });

  const redactError = deps.redactError ?? ((text: string) => text);
  async function* lines() {
    try {
      for await (const outcome of outcomes) {
        if (outcome.ok) yield outcome.value;
        else yield { type: "error", error: redactError(normalizeError(outcome.error)) };
      }
    } finally {
      spans?.close();
    }
  }
  return {
    prompt: prompt.name,
    model: modelNameOf(prompt),
    lines: lines(),
    cancel(reason) {
      log.info("stream_cancelled", { job: "dataset-run", runId: ctx.runId });
      cancel.abort(reason);
      // Cancelled before the first line, `lines()` never started: nothing else would release
      // the dataset's body or the row spans. (Once reading, the body is locked and this is a no-op.)
      spans?.close();
      opened.body.cancel(reason).catch(() => undefined);
    },
  };
}
