/**
 * The fuzz suite's short run (issue #13 point 5): a few hundred seeded cases per target in
 * every `npm test`. `npm run fuzz` runs the same targets with ≥ 100,000 cases each
 * (test/fuzz/run.ts). FUZZ_RUNS and FUZZ_SEED override the defaults.
 */
import { describe, expect, it } from "vitest";
import { InvalidJobError } from "../../src/protocol/errors";
import { parseJob } from "../../src/protocol/events";
import { fuzzCompiler, fuzzJobParser, fuzzVerifier } from "./targets";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

describe(`fuzz (${RUNS} cases per target, seed ${SEED})`, () => {
  it("verifier: no forgery accepted, no 5xx on a forged pair, no authentic request refused", async () => {
    const counts = await fuzzVerifier(RUNS, SEED);
    console.log("fuzz verifier", counts);
    expect(counts.cases).toBe(RUNS);
  }, 120_000);

  it("job parser: a job or a 4xx, never another throw", () => {
    const counts = fuzzJobParser(RUNS, SEED);
    console.log("fuzz job parser", counts);
    expect(counts.cases).toBe(RUNS);
  }, 120_000);

  it("compiler: a prompt or a 400, never another error", () => {
    const counts = fuzzCompiler(RUNS, SEED);
    console.log("fuzz compiler", counts);
    expect(counts.cases).toBe(RUNS);
  }, 120_000);
});

describe("counterexamples the full run found", () => {
  it('job parser: {"type":{"toString":0}} is a 400, not a TypeError from String()', () => {
    expect(() => parseJob('{"type":{"toString":0}}')).toThrow(InvalidJobError);
    expect(() => parseJob('{"type":{"toString":0}}')).toThrow(/got: \{"toString":0\}$/);
  });
});
