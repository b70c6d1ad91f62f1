import { describe, expect, it } from "vitest";
import { builtinEvals } from "../../src/experiments/builtin-evals";

const run = (name: string, output: unknown, expectedOutput?: unknown) =>
  builtinEvals[name]!({ input: [], output, expectedOutput });

describe("built-in evals", () => {
  it("exact_match", async () => {
    expect(await run("exact_match", " 4\n", "4")).toMatchObject({ score: 1, passed: true });
    expect(await run("exact_match", "4", "5")).toMatchObject({ score: 0, passed: false, label: "incorrect" });
    expect(await run("exact_match", { b: 1, a: [1, 2] }, { a: [1, 2], b: 1 })).toMatchObject({ passed: true });
    expect(await run("exact_match", "4")).toMatchObject({ passed: false, label: "skipped" });
  });

  it("contains (case-insensitive)", async () => {
    expect(await run("contains", "The answer is Paris.", "paris")).toMatchObject({ passed: true });
    expect(await run("contains", "London", "Paris")).toMatchObject({ passed: false });
  });

  it("json_match: deep equality, strings parsed as JSON", async () => {
    expect(await run("json_match", '{"sentiment": "positive", "n": [1, 2]}', { n: [1, 2], sentiment: "positive" })).toMatchObject({ passed: true });
    expect(await run("json_match", { a: 1 }, '{"a": 1}')).toMatchObject({ passed: true });
    expect(await run("json_match", { a: 1 }, { a: 2 })).toMatchObject({ passed: false });
    expect(await run("json_match", [1, 2], [2, 1])).toMatchObject({ passed: false });
    expect(await run("json_match", "not json", { a: 1 })).toMatchObject({ passed: false, reason: "Output is not valid JSON" });
  });

  it("regex: plain and /literal/flags patterns", async () => {
    expect(await run("regex", "42", "^\\d+$")).toMatchObject({ passed: true });
    expect(await run("regex", "YES", "/^yes$/i")).toMatchObject({ passed: true });
    expect(await run("regex", "no", "^yes$")).toMatchObject({ passed: false });
    expect(await run("regex", "x", "(")).toMatchObject({ passed: false });
    expect(((await run("regex", "x", "(")) as { reason: string }).reason).toMatch(/^Invalid pattern/);
    expect(await run("regex", "x", "a".repeat(1001))).toMatchObject({ passed: false, reason: "Pattern longer than 1000 characters (setting limits.run.maxRegexPatternChars)" });
  });
});
