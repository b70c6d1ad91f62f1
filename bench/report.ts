/** One line per benchmark: median and p99 in ms, samples, and the target it is held to. */
import type { BenchResult } from "vitest";

export function report(result: BenchResult, targetMedianMs: number): string {
  const { p50, p99 } = result.latency;
  const line = `${result.name}: median ${p50!.toFixed(4)} ms, p99 ${p99!.toFixed(4)} ms, ${result.latency.samplesCount} samples (target median < ${targetMedianMs} ms: ${p50! < targetMedianMs ? "met" : "MISSED"})`;
  console.log(line);
  return line;
}
