import { describe, expect, it } from "vitest";
import {
  parseRowSelection,
  parseSplitSpec,
  rowFilter,
  seededRandom,
  toSamplingOptions,
  validateSamplingOptions,
} from "../../src/experiments/sampling";

const pick = (options: Parameters<typeof rowFilter>[0], total: number, totalRows?: number) => {
  const keep = rowFilter(options, totalRows);
  return Array.from({ length: total }, (_, i) => i).filter(keep);
};

describe("seededRandom", () => {
  // Pinned against an independent implementation of the platform's formula (Python, 32-bit
  // integer semantics), so a regression in ours cannot also move the expectation.
  it.each([
    [42, 0, 0.6011037519201636],
    [42, 1, 0.9998110907617956],
    [42, 2, 0.8361802322324365],
    [0, 0, 0.26642920868471265],
    [7, 100, 0.9507365869358182],
    [-5, 3, 0.1577923847362399],
    [123456789, 987654321, 0.1748566278256476],
    [2147483647, 1, 0.8205775609239936],
  ])("seededRandom(%i, %i) is bit-exact", (seed, index, expected) => {
    expect(seededRandom(seed, index)).toBe(expected);
  });

  it("stays in [0, 1) and is deterministic", () => {
    for (let i = 0; i < 1000; i++) {
      const v = seededRandom(99, i);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      expect(seededRandom(99, i)).toBe(v);
    }
  });
});

describe("modes", () => {
  it("rows keeps exactly the listed 0-based indices", () => {
    expect(pick({ rows: [0, 3, 9, 42] }, 10)).toEqual([0, 3, 9]);
  });

  it("a seeded sample keeps rows whose seeded value is under sample/100", () => {
    expect(pick({ sample: 50, seed: 42 }, 20)).toEqual([3, 4, 7, 9, 10, 11, 12, 13, 14, 16, 17, 18]);
    expect(pick({ sample: 50, seed: 42 }, 20)).toEqual(pick({ sample: 50, seed: 42 }, 20));
    expect(pick({ sample: 100, seed: 1 }, 50)).toHaveLength(50);
  });

  it("an unseeded sample uses the random source", () => {
    const keepAll = rowFilter({ sample: 30 }, undefined, () => 0.1);
    const keepNone = rowFilter({ sample: 30 }, undefined, () => 0.9);
    expect([keepAll(0), keepAll(5)]).toEqual([true, true]);
    expect([keepNone(0), keepNone(5)]).toEqual([false, false]);
  });

  it("a seeded split puts every row in exactly one of train and test", () => {
    const train = pick({ split: { portion: "train", percentage: 80 }, seed: 7 }, 200);
    const test = pick({ split: { portion: "test", percentage: 80 }, seed: 7 }, 200);
    expect(train.length + test.length).toBe(200);
    expect(train.filter((i) => test.includes(i))).toEqual([]);
    expect(train.length).toBeGreaterThan(140);
    expect(train.length).toBeLessThan(180);
  });

  it("an unseeded split is positional: round(total × percentage) rows for train", () => {
    expect(pick({ split: { portion: "train", percentage: 80 } }, 10, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pick({ split: { portion: "test", percentage: 80 } }, 10, 10)).toEqual([8, 9]);
    expect(pick({ split: { portion: "train", percentage: 25 } }, 3, 3)).toEqual([0]); // round(0.75) = 1
  });

  it("seed alone filters nothing", () => {
    expect(pick({ seed: 5 }, 7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe("validation messages", () => {
  it.each([
    [{ sample: 10, rows: [1] }, "Sampling options are mutually exclusive: only one of --sample, --rows, or --split may be used"],
    [{ rows: [1], split: { portion: "train", percentage: 50 } }, "Sampling options are mutually exclusive: only one of --sample, --rows, or --split may be used"],
    [{ sample: 0 }, "Sample percentage must be an integer between 1 and 100"],
    [{ sample: 101 }, "Sample percentage must be an integer between 1 and 100"],
    [{ sample: 12.5 }, "Sample percentage must be an integer between 1 and 100"],
    [{ rows: [2, -1] }, "Row index must be non-negative, got -1"],
    [{ split: { portion: "dev", percentage: 50 } }, 'Split portion must be "train" or "test", got "dev"'],
    [{ split: { portion: "train", percentage: 100 } }, "Split percentage must be an integer between 1 and 99"],
    [{ split: { portion: "test", percentage: 0 } }, "Split percentage must be an integer between 1 and 99"],
    [{ seed: Number.POSITIVE_INFINITY }, "Seed must be a finite number"],
    [{ seed: Number.NaN }, "Seed must be a finite number"],
  ])("%j → %s", (options, message) => {
    expect(() => validateSamplingOptions(options as never)).toThrow(message);
  });

  it("accepts every valid single mode", () => {
    for (const options of [{}, { sample: 1 }, { sample: 100, seed: 0 }, { rows: [] }, { rows: [0] }, { split: { portion: "test" as const, percentage: 99 } }]) {
      expect(() => validateSamplingOptions(options)).not.toThrow();
    }
  });
});

describe("CLI-style selections on the wire", () => {
  it("parses row selections", () => {
    expect(parseRowSelection("0,3-5,9")).toEqual([0, 3, 4, 5, 9]);
    expect(parseRowSelection(" 5 , 1-2, 2 ")).toEqual([1, 2, 5]);
    expect(toSamplingOptions({ rows: "1-3" })).toEqual({ rows: [1, 2, 3] });
  });

  it.each([
    ["", "Row selection cannot be empty"],
    ["1,,2", "Row selection contains empty token"],
    ["1-2-3", 'Invalid range format: "1-2-3"'],
    ["5-2", 'Invalid range: start (5) is greater than end (2) in "5-2"'],
    ["a", 'Invalid row index: "a" in "a"'],
    ["-1", 'Invalid row index: "" in "-1"'],
  ])("rejects row selection %j", (input, message) => {
    expect(() => parseRowSelection(input)).toThrow(message);
  });

  it("refuses selections too large to hold", () => {
    expect(() => parseRowSelection("0-30000000")).toThrow("Row selection selects more than 1000000 rows");
    expect(parseRowSelection("0-999999")).toHaveLength(1_000_000);
  });

  it("parses split specs", () => {
    expect(parseSplitSpec("train:80")).toEqual({ portion: "train", percentage: 80 });
    expect(toSamplingOptions({ split: "test:20", seed: 3 })).toEqual({ split: { portion: "test", percentage: 20 }, seed: 3 });
  });

  it.each([
    ["train", 'Invalid split format: expected "train:<percentage>" or "test:<percentage>", got "train"'],
    ["dev:10", 'Invalid split portion: expected "train" or "test", got "dev"'],
    ["train:x", 'Invalid split percentage: expected integer 1-99, got "x"'],
    ["train:100", "Split percentage must be between 1 and 99, got 100"],
  ])("rejects split spec %j", (input, message) => {
    expect(() => parseSplitSpec(input)).toThrow(message);
  });
});
