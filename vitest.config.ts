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

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          jsonlAsText,
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // An R2 bucket for the dataset-source tests (local, in-memory per test file).
              r2Buckets: ["DATASETS"],
              bindings: {
                AGENTMARK_WEBHOOK_SECRET: "test-secret",
                FAKES_ORIGIN: inject<string>("fakesOrigin"),
                // The Worker's remote runner → the process build on Node (Claude): test/runners/claude-agent/global-setup.ts.
                AGENTMARK_REMOTE_RUNNER_URL: inject<string>("claudeProcessOrigin"),
                AGENTMARK_RUNNER_SECRET: inject<string>("claudeRunnerSecret"),
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.node.test.ts"],
          globalSetup: ["./test/fakes/global-setup.ts", "./test/runners/claude-agent/global-setup.ts"],
        },
      },
      {
        plugins: [jsonlAsText],
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.node.test.ts"],
          globalSetup: ["./test/fakes/global-setup.ts", "./test/runners/claude-agent/global-setup.ts"],
        },
      },
    ],
  },
});
