/**
 * One `{"type":"dataset"}` line per experiment row (dataset-rows.json). Unknown values are
 * omitted, never null; "" and 0 are real values; `evals` is always present; an empty
 * traceId is omitted.
 */
export interface DatasetRowArgs {
  input: unknown;
  expectedOutput?: unknown;
  actualOutput?: unknown;
  tokens?: number;
  evals: Array<Record<string, unknown>>;
  traceId?: string;
  runId: string;
  runName: string;
}

export interface DatasetRowChunk extends Pick<DatasetRowArgs, "traceId" | "runId" | "runName"> {
  type: "dataset";
  result: Pick<DatasetRowArgs, "input" | "expectedOutput" | "actualOutput" | "tokens" | "evals">;
}

export function datasetRow(args: DatasetRowArgs): DatasetRowChunk {
  // Keys are added in wire order: input, expectedOutput, actualOutput, tokens, evals.
  const result: Record<string, unknown> = { input: args.input };
  if (args.expectedOutput !== undefined && args.expectedOutput !== null) result.expectedOutput = args.expectedOutput;
  if (args.actualOutput !== undefined && args.actualOutput !== null) result.actualOutput = args.actualOutput;
  if (args.tokens !== undefined && args.tokens !== null) result.tokens = args.tokens;
  result.evals = args.evals;
  // Key order as on the platform's wire: type, result, traceId, runId, runName.
  const row: DatasetRowChunk = { type: "dataset", result: result as DatasetRowChunk["result"], ...(args.traceId ? { traceId: args.traceId } : {}), runId: args.runId, runName: args.runName };
  return row;
}
