import { defineConfig } from "vitest/config";

/**
 * Benchmarks run in Node (the same code as the Worker: Web APIs only): `npm run bench`.
 * One file at a time: parallel benches on 2 cores would measure each other.
 */
export default defineConfig({
  test: {
    include: [],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    environment: "node",
    fileParallelism: false,
  },
});
