import { defineConfig } from "vitest/config";

/**
 * The runtime matrix (`npm run test:runtimes`): the same black-box HTTP cases (cases.ts)
 * against the one bundle served by workerd, Deno, Bun, Node and edge-runtime. Separate from
 * `npm test`'s projects. Files run one after another: each starts a server process.
 */
export default defineConfig({
  test: {
    name: "runtimes",
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/runtimes/*.runtime.ts"],
    environment: "node",
    globalSetup: ["test/runtimes/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
