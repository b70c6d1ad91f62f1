/**
 * Scorers most experiments need, ready to register in src/agentmark.config.ts. Each gets
 * `{ input, output, expectedOutput }` and returns `{ score, passed, label, reason }`.
 *
 * - `exact_match`: output equals expectedOutput (strings compared after trimming; other
 *   values as canonical JSON).
 * - `contains`: the text output contains expectedOutput (case-insensitive).
 * - `json_match`: deep equality of JSON values; a string on either side is parsed as JSON
 *   first, so `"{\"a\":1}"` matches `{ "a": 1 }`; key order never matters.
 * - `regex`: expectedOutput is a pattern (`"^\\d+$"` or `"/^yes$/i"`) the text output must match.
 *   Patterns come from your datasets: a catastrophic pattern can still spin the CPU, so
 *   patterns over 1,000 characters are refused and only the first 20,000 characters of the
 *   output are tested. Use regex evals with datasets you trust.
 */
import type { EvalFunction, EvalResult } from "../config";

function verdict(passed: boolean, reason: string): EvalResult {
  return { score: passed ? 1 : 0, passed, label: passed ? "correct" : "incorrect", reason };
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value) ?? "";
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function parseMaybeJson(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== "string") return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

const missingExpected = (name: string): EvalResult => ({
  score: 0,
  passed: false,
  label: "skipped",
  reason: `${name} needs the row's expected_output`,
});

export const exactMatch: EvalFunction = ({ output, expectedOutput }) => {
  if (expectedOutput === undefined) return missingExpected("exact_match");
  const passed =
    typeof output === "string" && typeof expectedOutput === "string"
      ? output.trim() === expectedOutput.trim()
      : canonical(output) === canonical(expectedOutput);
  return verdict(passed, passed ? "Output matches the expected output" : "Output does not match the expected output");
};

export const contains: EvalFunction = ({ output, expectedOutput }) => {
  if (expectedOutput === undefined) return missingExpected("contains");
  const passed = asText(output).toLowerCase().includes(asText(expectedOutput).toLowerCase());
  return verdict(passed, passed ? "Output contains the expected text" : "Output does not contain the expected text");
};

export const jsonMatch: EvalFunction = ({ output, expectedOutput }) => {
  if (expectedOutput === undefined) return missingExpected("json_match");
  const actual = parseMaybeJson(output);
  const expected = parseMaybeJson(expectedOutput);
  if (!actual.ok) return verdict(false, "Output is not valid JSON");
  if (!expected.ok) return verdict(false, "Expected output is not valid JSON");
  const passed = canonical(actual.value) === canonical(expected.value);
  return verdict(passed, passed ? "Output equals the expected JSON value" : "Output differs from the expected JSON value");
};

const MAX_PATTERN_CHARS = 1_000;
const MAX_TESTED_CHARS = 20_000;

export const regex: EvalFunction = ({ output, expectedOutput }) => {
  if (typeof expectedOutput !== "string") return missingExpected("regex");
  if (expectedOutput.length > MAX_PATTERN_CHARS) return verdict(false, `Pattern longer than ${MAX_PATTERN_CHARS} characters`);
  const literal = /^\/(.*)\/([dgimsuvy]*)$/s.exec(expectedOutput);
  let pattern: RegExp;
  try {
    pattern = literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(expectedOutput);
  } catch (err) {
    return verdict(false, `Invalid pattern: ${(err as Error).message}`);
  }
  const passed = pattern.test(asText(output).slice(0, MAX_TESTED_CHARS));
  return verdict(passed, passed ? `Output matches ${pattern}` : `Output does not match ${pattern}`);
};

export const builtinEvals: Record<string, EvalFunction> = {
  exact_match: exactMatch,
  contains,
  json_match: jsonMatch,
  regex,
};
