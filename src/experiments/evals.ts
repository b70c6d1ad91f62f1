/**
 * Runs a row's evals (`test_settings.evals`) in parallel against the registry. Names the
 * registry does not have are skipped (the caller logs them once per run). A throwing
 * scorer fails the row, as on the platform.
 */
import type { EvalFunction, EvalParams } from "../config";

export type EvalEntry = { name: string } & Record<string, unknown>;

export function unknownEvals(names: readonly string[], registry: Readonly<Record<string, EvalFunction>>): string[] {
  return names.filter((name) => !Object.hasOwn(registry, name));
}

export async function runEvals(
  names: readonly string[],
  registry: Readonly<Record<string, EvalFunction>>,
  params: EvalParams,
): Promise<EvalEntry[]> {
  const known = names.filter((name) => Object.hasOwn(registry, name));
  return Promise.all(
    known.map(async (name) => {
      const result = await registry[name]!(params);
      return { name, ...result };
    }),
  );
}
