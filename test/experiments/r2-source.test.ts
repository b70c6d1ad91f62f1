/** Datasets read from an R2 bucket binding (Miniflare's local R2), streamed as they are read. */
import { env as workerEnv } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import { builtinEvals } from "../../src/experiments/builtin-evals";
import { createLocalRunner } from "../../src/runners/local";
import { ndjsonLines, signedRequest, TEST_SECRET } from "../helpers/signed";

const bucket = (workerEnv as unknown as { DATASETS: R2Bucket }).DATASETS;

const ast = {
  type: "root",
  children: [
    { type: "yaml", value: "name: r2\ntext_config:\n  model_name: local/echo\ntest_settings:\n  evals: [contains]" },
    { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "mdxTextExpression", value: "props.q" }] }] },
  ],
};

describe("R2 dataset source", () => {
  const app = createApp(defineConfig({ runners: [createLocalRunner()], evals: builtinEvals }));

  it("reads the object whose key is the dataset path", async () => {
    await bucket.put("datasets/r2.jsonl", '{"input":{"q":"from r2"},"expected_output":"r2"}\n{"input":{"q":"second"}}\n');
    const res = await app.fetch(await signedRequest({ type: "dataset-run", data: { ast, datasetPath: "datasets/r2.jsonl" } }), {
      AGENTMARK_WEBHOOK_SECRET: TEST_SECRET,
      AGENTMARK_LOG_LEVEL: "silent",
      DATASETS: bucket as unknown as string, // a binding object, as Workers pass it
    });
    expect(res.status).toBe(200);
    const rows = [];
    for await (const line of ndjsonLines(res)) rows.push(line as { type: string; result: { input: { q: string }; evals: Array<{ passed: boolean }> } });
    expect(rows.map((r) => r.result.input.q).sort()).toEqual(["from r2", "second"]);
    expect(rows.find((r) => r.result.input.q === "from r2")!.result.evals[0]!.passed).toBe(true);
  });

  it("a key the bucket does not have is a 400 that says so", async () => {
    const res = await app.fetch(await signedRequest({ type: "dataset-run", data: { ast, datasetPath: "datasets/absent.jsonl" } }), {
      AGENTMARK_WEBHOOK_SECRET: TEST_SECRET,
      AGENTMARK_LOG_LEVEL: "silent",
      DATASETS: bucket as unknown as string,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "Dataset datasets/absent.jsonl was not found in the R2 bucket bound as DATASETS." });
  });
});
