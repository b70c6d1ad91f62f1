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
 *   Patterns come from datasets, so they run on a linear-time engine (./linear-regex.ts: no
 *   backreferences or lookaround), at most `limits.run.maxRegexPatternChars` characters of
 *   pattern against the first `limits.run.maxRegexInputChars` characters of the output.
 */
import type { EvalFunction, EvalResult } from "../config";
import { DEFAULT_RUN_LIMITS } from "../core/limits";
import { linearRegex, type LinearRegex } from "./linear-regex";

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

export const regex: EvalFunction = ({ output, expectedOutput, limits = DEFAULT_RUN_LIMITS }) => {
  if (typeof expectedOutput !== "string") return missingExpected("regex");
  if (expectedOutput.length > limits.maxRegexPatternChars) {
    return verdict(false, `Pattern longer than ${limits.maxRegexPatternChars} characters (setting limits.run.maxRegexPatternChars)`);
  }
  const literal = /^\/(.*)\/([dgimsuvy]*)$/s.exec(expectedOutput);
  let pattern: LinearRegex;
  try {
    pattern = literal ? linearRegex(literal[1]!, literal[2]) : linearRegex(expectedOutput);
  } catch (err) {
    return verdict(false, `Invalid pattern: ${(err as Error).message}`);
  }
  const passed = pattern.test(asText(output).slice(0, limits.maxRegexInputChars));
  return verdict(passed, passed ? `Output matches ${pattern}` : `Output does not match ${pattern}`);
};

export const builtinEvals: Record<string, EvalFunction> = {
  exact_match: exactMatch,
  contains,
  json_match: jsonMatch,
  regex,
};
