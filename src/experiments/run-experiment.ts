/**
 * `dataset-run` (spec §2.4, §5.4, §6): everything that can be checked before answering is
 * checked first (prompt, dataset path, sampling, runner, dataset source) and fails as a
 * plain `{message}`; then rows stream as `{"type":"dataset"}` lines in completion order.
 * Reading and compiling rows is sequential; running them is a bounded pool. A failing row
 * is one `{"type":"error"}` line and the run goes on; a read or compile error is one error
 * line and the run stops; a disconnect stops new rows and cancels those in flight.
 */
import { childController } from "../runtime/any-signal";
import type { AgentmarkConfig } from "../config";
import { HttpError, normalizeError } from "../protocol/errors";
import type { DatasetRunData } from "../protocol/events";
import { ndjsonResponse } from "../protocol/ndjson";
import { compile } from "../prompt";
import type { Logger } from "../runtime/log";
import { selectRunner } from "../runners/select";
import type { EnvVars } from "../runners/types";
import { OpenSpans, type Tracing } from "../telemetry";
import { unknownEvals } from "./evals";
import { normalizeConcurrency, runPool } from "./pool";
import { runRow, type FormattedRow, type RowContext } from "./run-row";
import { datasetRows, DatasetError, type DatasetRow } from "./rows";
import { needsRowCount, rowFilter, SamplingError, toSamplingOptions, type SamplingOptions } from "./sampling";
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

async function countRows(path: string, sources: DatasetSourceContext): Promise<number> {
  let count = 0;
  for await (const _row of datasetRows((await openDataset(path, sources)).body, path)) count++;
  return count;
}

async function* sampledRows(rows: AsyncIterable<DatasetRow>, keep: (index: number) => boolean): AsyncGenerator<DatasetRow> {
  let index = 0;
  for await (const row of rows) if (keep(index++)) yield row;
}

async function* formatted(rows: AsyncIterable<DatasetRow>, ast: unknown): AsyncGenerator<FormattedRow> {
  for await (const row of rows) yield { row, prompt: compile(ast, row.input) };
}

function beforeStreaming(err: unknown): never {
  if (err instanceof SamplingError) throw new HttpError(400, `Invalid sampling: ${err.message}`);
  if (err instanceof DatasetError) throw new HttpError(500, err.message);
  throw err;
}

export async function startExperiment(data: DatasetRunData, deps: ExperimentDeps): Promise<Response> {
  const { config, env, log } = deps;
  const prompt = compile(data.ast, {});
  const datasetPath = data.datasetPath ?? prompt.test_settings?.dataset;
  if (!datasetPath) {
    throw new HttpError(400, "No dataset to run: set data.datasetPath, or test_settings.dataset in the prompt's frontmatter.");
  }
  const path = normalizePath(datasetPath);
  const runner = selectRunner(config.runners, prompt);
  const registry = config.evals ?? {};
  const evalNames = prompt.test_settings?.evals ?? [];
  const skipped = unknownEvals(evalNames, registry);
  if (skipped.length > 0) log.info("evals_skipped", { reason: "not registered", evals: skipped });

  const cancel = childController(deps.signal);
  const signal = cancel.signal;
  const sources: DatasetSourceContext = { bundled: config.datasets ?? {}, env, bindings: deps.bindings, signal };
  let sampling: SamplingOptions;
  let keep: (index: number) => boolean;
  let opened;
  try {
    sampling = toSamplingOptions(data.sampling);
    keep = rowFilter(sampling, needsRowCount(sampling) ? await countRows(path, sources) : undefined);
    opened = await openDataset(path, sources);
  } catch (err) {
    beforeStreaming(err);
  }

  const spans = deps.tracing ? new OpenSpans() : undefined;
  const ctx: RowContext = {
    runner,
    env,
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
  const source = formatted(sampledRows(datasetRows(opened.body, path), keep), data.ast)[Symbol.asyncIterator]();
  const outcomes = runPool(source, (item, index, rowSignal) => runRow(item, ctx, rowSignal, index), {
    concurrency: normalizeConcurrency(data.concurrency),
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
  return ndjsonResponse(lines(), (reason) => {
    log.info("stream_cancelled", { job: "dataset-run", runId: ctx.runId });
    cancel.abort(reason);
    // Cancelled before the first line, `lines()` never started: nothing else would release
    // the dataset's body or the row spans. (Once reading, the body is locked and this is a no-op.)
    spans?.close();
    opened.body.cancel(reason).catch(() => undefined);
  });
}
