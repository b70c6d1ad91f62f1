/**
 * One experiment row: run the compiled prompt without streaming, score it, and build its
 * `{"type":"dataset"}` line. Image and speech rows carry no tokens and run no evals.
 */
import type { EvalFunction } from "../config";
import { collectObject, collectText } from "../protocol/collect";
import { datasetRow, type DatasetRowChunk } from "../protocol/dataset-row";
import type { AgentUsage } from "../protocol/agent-events";
import type { CompiledPrompt } from "../prompt/types";
import type { EnvVars, Runner } from "../runners/types";
import { runEvals } from "./evals";
import type { DatasetRow } from "./rows";

export interface FormattedRow {
  row: DatasetRow;
  prompt: CompiledPrompt;
}

export interface RowContext {
  runner: Runner;
  env: EnvVars;
  evalNames: readonly string[];
  evals: Readonly<Record<string, EvalFunction>>;
  runId: string;
  runName: string;
}

function unsupported(runner: Runner, kind: string): never {
  throw new Error(`Runner "${runner.name}" does not support ${kind} prompts.`);
}

export async function runRow({ row, prompt }: FormattedRow, ctx: RowContext, signal: AbortSignal): Promise<DatasetRowChunk> {
  const { runner } = ctx;
  const runCtx = { signal, stream: false, env: ctx.env };
  let output: unknown;
  let usage: AgentUsage | undefined;
  switch (prompt.kind) {
    case "text": {
      const collected = await collectText((runner.runText ?? unsupported(runner, "text"))(prompt, runCtx));
      output = collected.result;
      usage = collected.usage;
      break;
    }
    case "object": {
      const collected = await collectObject((runner.runObject ?? unsupported(runner, "object"))(prompt, runCtx));
      output = collected.result;
      usage = collected.usage;
      break;
    }
    case "image":
      output = await (runner.runImage ?? unsupported(runner, "image"))(prompt, runCtx);
      break;
    case "speech":
      output = await (runner.runSpeech ?? unsupported(runner, "speech"))(prompt, runCtx);
      break;
  }
  const scored = prompt.kind === "text" || prompt.kind === "object";
  const evals = scored
    ? await runEvals(ctx.evalNames, ctx.evals, { input: prompt.messages, output, expectedOutput: row.expected_output })
    : [];
  return datasetRow({
    input: row.input,
    expectedOutput: row.expected_output,
    actualOutput: output,
    tokens: usage ? (usage.totalTokens ?? usage.inputTokens + usage.outputTokens) : undefined,
    evals,
    runId: ctx.runId,
    runName: ctx.runName,
  });
}
