import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type Plugin } from "vitest/config";

/** `.jsonl` datasets are imported as text, as wrangler's Text rule bundles them. */
const jsonlAsText: Plugin = {
  name: "jsonl-as-text",
  transform(code, id) {
    return id.endsWith(".jsonl") ? { code: `export default ${JSON.stringify(code)};`, map: null } : undefined;
  },
};

/**
 * Two projects:
 * - `workers`: every `*.test.ts` runs inside workerd (Miniflare), with the Worker of
 *   `wrangler.toml` as `exports.default` and fakes of the outside world on 127.0.0.1.
 * - `node`: `*.node.test.ts` runs in Node, for what needs Node (the reference renderer
 *   used as a differential oracle, the signing tool, process-level checks).
 */
// wrangler checks wrangler.toml's required secrets against the environment; tests bind their own.
process.env.AGENTMARK_WEBHOOK_SECRET ??= "test-secret";
// wrangler, reading wrangler.toml for each test file, would print "Using secrets defined in
// process.env" every time; its warnings and errors still show.
process.env.WRANGLER_LOG ??= "warn";

/**
 * workerd's verbose log reports every failed outbound connection as an "uncaught exception"
 * with a stack, even when the Worker catches the error (tests that provoke refused or dropped
 * connections print ten of them on a green run). Off by default; AGENTMARK_TEST_VERBOSE=1
 * brings it back when debugging the runtime itself.
 */
const workerdVerbose = process.env.AGENTMARK_TEST_VERBOSE === "1";

/**
 * Generous deadlines: a test waits for events, and this only bounds how long a missing one
 * may take to fail on a busy machine. Console output shows only for failing tests.
 */
const shared = { testTimeout: 30_000, hookTimeout: 60_000 } as const;

/**
 * Vite warns once per dependency whose sourcemap names files the package does not ship
 * (`@workflow/serde`, under `ai`): not ours to fix, and noise on every run. Only that
 * warning, only for node_modules; every other warning still shows.
 */
const quietDependencySourcemaps: Plugin = {
  name: "quiet-dependency-sourcemaps",
  configResolved(config) {
    const warnOnce = config.logger.warnOnce.bind(config.logger);
    config.logger.warnOnce = (message, options) => {
      if (/^Sourcemap for "[^"]*\/node_modules\/[^"]*" points to missing source files$/.test(message)) return;
      warnOnce(message, options);
    };
  },
};

export default defineConfig({
  test: {
    silent: "passed-only",
    projects: [
      {
        plugins: [
          jsonlAsText,
          quietDependencySourcemaps,
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            verbose: workerdVerbose,
            miniflare: {
              // An R2 bucket for the dataset-source tests (local, in-memory per test file).
              r2Buckets: ["DATASETS"],
              bindings: {
                AGENTMARK_WEBHOOK_SECRET: "test-secret",
                FAKES_ORIGIN: inject<string>("fakesOrigin"),
              },
            },
          })),
        ],
        test: {
          ...shared,
          name: "workers",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.node.test.ts"],
          globalSetup: ["./test/fakes/global-setup.ts"],
        },
      },
      {
        plugins: [jsonlAsText, quietDependencySourcemaps],
        test: {
          ...shared,
          name: "node",
          environment: "node",
          include: ["test/**/*.node.test.ts"],
          globalSetup: ["./test/fakes/global-setup.ts"],
        },
      },
    ],
  },
});
