/**
 * The default bundle (src/index.ts, the Worker) stays free of Mastra: only a configuration
 * that imports the Mastra runner pulls it in (and is built with `--platform node`). Sizes
 * are measured by benches (bench/README.md), not asserted here.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { buildBundle } from "../../scripts/build";

const OUT = resolve(import.meta.dirname, "../../.cache/default-bundle-check/index.js");

describe("the default bundle", () => {
  it("contains no Mastra and imports nothing at run time", async () => {
    await buildBundle({ quiet: true, outfile: OUT });
    const meta = JSON.parse(readFileSync(resolve(OUT, "../meta.json"), "utf8")) as Metafile;
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((path) => path.includes("node_modules/ai/"))).toBe(true);
    expect(inputs.filter((path) => /@mastra\/|src\/runners\/mastra\//.test(path))).toEqual([]);
  }, 60_000);
});
