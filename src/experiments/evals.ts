/**
 * Runs a row's evals (`test_settings.evals`) in parallel against the registry. Names the
 * registry does not have are skipped (the caller logs them once per run). A throwing
 * scorer fails the row, as on the platform. Inputs beyond `limits.run` reach no scorer: each
 * eval of that row is `skipped`, with the reason naming the setting.
 */
import type { EvalFunction, EvalParams } from "../config";
import { DEFAULT_RUN_LIMITS, type RunLimits } from "../core/limits";
import { jsonBreach } from "../core/json-bounds";

export type EvalEntry = { name: string } & Record<string, unknown>;

export function unknownEvals(names: readonly string[], registry: Readonly<Record<string, EvalFunction>>): string[] {
  return names.filter((name) => !Object.hasOwn(registry, name));
}

/** What is wrong with `value` as an eval input, naming the setting; undefined when it is within `limits.run`. */
function evalInputProblem(value: unknown, what: string, limits: Readonly<RunLimits>): string | undefined {
  switch (jsonBreach(value, limits.maxEvalInputDepth, limits.maxEvalInputChars)) {
    case "depth":
      return `${what} is nested deeper than ${limits.maxEvalInputDepth} levels (setting limits.run.maxEvalInputDepth)`;
    case "size":
      return `${what} is larger than ${limits.maxEvalInputChars} characters (setting limits.run.maxEvalInputChars)`;
    default:
      return undefined;
  }
}

export async function runEvals(
  names: readonly string[],
  registry: Readonly<Record<string, EvalFunction>>,
  params: EvalParams,
  limits: Readonly<RunLimits> = DEFAULT_RUN_LIMITS,
): Promise<EvalEntry[]> {
  const known = names.filter((name) => Object.hasOwn(registry, name));
  if (known.length === 0) return [];
  const problem = evalInputProblem(params.output, "The output", limits) ?? evalInputProblem(params.expectedOutput, "The expected output", limits);
  if (problem) return known.map((name) => ({ name, score: 0, passed: false, label: "skipped", reason: problem }));
  return Promise.all(
    known.map(async (name) => {
      const result = await registry[name]!({ ...params, limits });
      return { name, ...result };
    }),
  );
}
