/**
 * `npm run fuzz`: the three fuzz targets (./targets.ts) with FUZZ_RUNS cases each
 * (default 100,000) from FUZZ_SEED, printing how the cases came out. Exits non-zero on the
 * first failing case, with fast-check's seed, path and shrunk counterexample.
 */
import { fuzzCompiler, fuzzJobParser, fuzzVerifier, type Counts } from "./targets";

const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? 20261202);

async function timed(name: string, run: () => Counts | Promise<Counts>): Promise<void> {
  const started = performance.now();
  const counts = await run();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n${name}: ${counts.cases} cases in ${seconds} s (seed ${seed})`);
  for (const [outcome, count] of Object.entries(counts)) if (outcome !== "cases") console.log(`  ${outcome}: ${count}`);
}

await timed("verifier", () => fuzzVerifier(runs, seed));
await timed("job parser", () => fuzzJobParser(runs, seed));
await timed("compiler", () => fuzzCompiler(runs, seed));
