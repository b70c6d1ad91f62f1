/**
 * One experiment row: run the compiled prompt without streaming, score it, and build its
 * `{"type":"dataset"}` line. Image and speech rows carry no tokens and run no evals.
 */
import type { EvalFunction } from "../config";
import type { EnvVars } from "../core/env";
import type { RunLimits, Timeouts } from "../core/limits";
import { collectObject, collectText } from "../protocol/collect";
import { datasetRow, type DatasetRowChunk } from "../protocol/dataset-row";
import type { AgentEvent, AgentUsage } from "../protocol/agent-events";
import type { CompiledPrompt } from "../prompt/types";
import { startRun } from "../runners/dispatch";
import type { RunContext, Runner } from "../runners/types";
import { observeEvents, startRowSpan, type OpenSpans, type RowSpanArgs } from "../telemetry";
import type { TraceMasking } from "../telemetry/masking";
import type { Tracer } from "@opentelemetry/api";
import { runEvals } from "./evals";
import type { DatasetRow } from "./rows";

export interface FormattedRow {
  row: DatasetRow;
  prompt: CompiledPrompt;
}

export interface RowContext {
  runner: Runner;
  /** `limits.run` and `limits.timeouts` of the deployment (absent: the defaults, and no run timeout). */
  limits?: Readonly<RunLimits>;
  timeouts?: Readonly<Timeouts>;
  env: EnvVars;
  evalNames: readonly string[];
  evals: Readonly<Record<string, EvalFunction>>;
  runId: string;
  runName: string;
  /** Present when tracing is on: text and object rows get a span each (spec §8.3). */
  trace?: RowTrace;
}

export interface RowTrace {
  tracer: Tracer;
  masking?: TraceMasking;
  spans: OpenSpans;
  datasetPath: string;
  promptPath?: string;
  experimentKey?: string;
  sourceTreeHash?: string;
}

type RowSpanFields = Omit<RowSpanArgs, "prompt" | "index" | "input" | "expectedOutput" | "runId" | "runName">;

/**
 * Image and speech rows get no span (and no traceId), as on the platform: only text and
 * object rows are LLM runs with usage and evals.
 */
export async function runRow(
  { row, prompt }: FormattedRow,
  ctx: RowContext,
  signal: AbortSignal,
  index = 0,
): Promise<DatasetRowChunk> {
  const { runner } = ctx;
  const traced =
    ctx.trace && (prompt.kind === "text" || prompt.kind === "object")
      ? startRowSpan(ctx.trace.tracer, {
          ...rowSpanFields(ctx.trace),
          prompt,
          index,
          input: row.input,
          expectedOutput: row.expected_output,
          runId: ctx.runId,
          runName: ctx.runName,
        })
      : undefined;
  const span = traced?.span;
  if (span) ctx.trace!.spans.track(span);
  const runCtx: RunContext = {
    signal,
    stream: false,
    env: ctx.env,
    ...(ctx.limits ? { limits: ctx.limits } : {}),
    ...(ctx.timeouts ? { timeouts: ctx.timeouts } : {}),
    ...(traced ? { telemetry: traced.telemetry } : {}),
  };
  const observe = (events: AsyncIterable<AgentEvent>, kind: "text" | "object") =>
    span ? observeEvents(events, span, { kind, recordPartialOnError: false, signal, end: false }) : events;
  try {
    let output: unknown;
    let usage: AgentUsage | undefined;
    switch (prompt.kind) {
      case "text": {
        const collected = await collectText(observe(startRun(runner, prompt, runCtx), "text"));
        output = collected.result;
        usage = collected.usage;
        break;
      }
      case "object": {
        const collected = await collectObject(observe(startRun(runner, prompt, runCtx), "object"));
        output = collected.result;
        usage = collected.usage;
        break;
      }
      case "image":
        output = await startRun(runner, prompt, runCtx);
        break;
      case "speech":
        output = await startRun(runner, prompt, runCtx);
        break;
    }
    const scored = prompt.kind === "text" || prompt.kind === "object";
    const evals = scored
      ? await runEvals(ctx.evalNames, ctx.evals, { input: prompt.messages, output, expectedOutput: row.expected_output }, ctx.limits)
      : [];
    return datasetRow({
      input: row.input,
      expectedOutput: row.expected_output,
      actualOutput: output,
      tokens: usage ? (usage.totalTokens ?? usage.inputTokens + usage.outputTokens) : undefined,
      evals,
      traceId: span?.traceId,
      runId: ctx.runId,
      runName: ctx.runName,
    });
  } catch (err) {
    span?.fail(err);
    throw err;
  } finally {
    span?.end();
  }
}

function rowSpanFields(trace: RowTrace): RowSpanFields {
  return {
    datasetPath: trace.datasetPath,
    ...(trace.promptPath ? { promptPath: trace.promptPath } : {}),
    ...(trace.experimentKey ? { experimentKey: trace.experimentKey } : {}),
    ...(trace.sourceTreeHash ? { sourceTreeHash: trace.sourceTreeHash } : {}),
    ...(trace.masking ? { masking: trace.masking } : {}),
  };
}
