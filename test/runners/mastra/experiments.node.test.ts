/**
 * Experiments and tracing through Mastra (Node): a dataset-run with evals, and the run and row
 * spans, compared attribute by attribute with the same jobs on the AI SDK runner against the
 * same fake OpenAI.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { defineConfig } from "../../../src/config";
import { builtinEvals } from "../../../src/experiments/builtin-evals";
import { handleDatasetRun } from "../../../src/handlers/dataset-run";
import { handlePromptRun } from "../../../src/handlers/prompt-run";
import { createAiSdkRunner } from "../../../src/runners/ai-sdk";
import { createMastraRunner } from "../../../src/runners/mastra";
import { createModelRegistry } from "../../../src/runners/toolkit";
import { openaiFromEnv } from "../../../src/runners/toolkit/openai";
import type { Runner } from "../../../src/runners/types";
import { ndjsonLines } from "../../helpers/signed";
import { captureTracing } from "../../telemetry/helpers";
import { fakeEnv } from "./helpers";

const models = createModelRegistry({ providers: { openai: openaiFromEnv } });
const RUNNERS: Record<string, () => Runner> = {
  "ai-sdk": () => createAiSdkRunner({ models }),
  mastra: () => createMastraRunner({ models }),
};

const DATASET = [
  '{"input":{"question":"Capital of France? [[say:Paris]]"},"expected_output":"Paris"}',
  '{"input":{"question":"Greet me [[say:hello there]]"},"expected_output":"hello"}',
  '{"input":{"question":"Say nothing useful [[say:no idea]]"},"expected_output":"Paris"}',
].join("\n");

function ast(model: string) {
  return {
    type: "root",
    children: [
      { type: "yaml", value: `name: capitals\ntext_config:\n  model_name: ${model}\ntest_settings:\n  dataset: datasets/capitals.jsonl\n  evals: [exact_match, contains]` },
      { type: "mdxJsxFlowElement", name: "System", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "Answer briefly." }] }] },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "mdxTextExpression", value: "props.question" }] }] },
    ],
  };
}

type Row = { type: string; result?: { input: unknown; actualOutput: unknown; evals: unknown; tokens?: number }; traceId?: string; runId?: string };

/** Span name and attributes, with what differs between any two runs (ids, timing) left out. */
function comparable(spans: readonly ReadableSpan[], runId?: string) {
  return spans
    .filter((span) => !span.name.startsWith("ai."))
    .map((span) => ({
      name: span.name,
      status: span.status.code,
      attributes: Object.fromEntries(Object.entries(span.attributes).map(([k, v]) => [k, v === runId ? "<runId>" : v])),
    }))
    .sort((a, b) => String(a.attributes["agentmark.dataset_item_name"] ?? a.name).localeCompare(String(b.attributes["agentmark.dataset_item_name"] ?? b.name)));
}

async function datasetRun(runner: Runner) {
  const config = defineConfig({ runners: [runner], evals: builtinEvals, datasets: { "datasets/capitals.jsonl": DATASET } });
  const captured = captureTracing();
  const silent = { info: () => {}, error: () => {} };
  const res = await handleDatasetRun(
    { ast: ast("openai/gpt-4o-mini"), experimentId: "capitals-exp", concurrency: 2 },
    { config, env: fakeEnv, bindings: {}, signal: new AbortController().signal, log: silent, tracing: captured.tracing },
  );
  const rows: Row[] = [];
  for await (const line of ndjsonLines(res)) rows.push(line as Row);
  await Promise.all(captured.exportsRequested);
  const runId = rows[0]?.runId;
  return { rows, spans: comparable(await captured.spans(), runId) };
}

async function promptRun(runner: Runner, stream: boolean) {
  const config = defineConfig({ runners: [runner] });
  const captured = captureTracing();
  const res = await handlePromptRun(
    { ast: ast("openai/gpt-4o-mini"), customProps: { question: "Capital of Norway? [[say:Oslo]]" }, options: { shouldStream: stream } },
    { config, env: fakeEnv, signal: new AbortController().signal, tracing: captured.tracing },
  );
  const body = await res.text();
  await Promise.all(captured.exportsRequested);
  return { body: body.replace(/"traceId":"[0-9a-f]{32}"/g, '"traceId":"<id>"'), spans: comparable(await captured.spans()) };
}

describe("a dataset-run with evals on the Mastra runner", () => {
  it("rows, evals and tokens as on the AI SDK runner; the row spans carry the same attributes", async () => {
    const mastra = await datasetRun(RUNNERS.mastra!());
    const aiSdk = await datasetRun(RUNNERS["ai-sdk"]!());
    expect(mastra.rows).toHaveLength(3);
    const byQuestion = (rows: Row[]) =>
      Object.fromEntries(rows.map((r) => [JSON.stringify(r.result?.input), { output: r.result?.actualOutput, evals: r.result?.evals, tokens: r.result?.tokens }]));
    expect(byQuestion(mastra.rows)).toEqual(byQuestion(aiSdk.rows));
    expect(byQuestion(mastra.rows)[JSON.stringify({ question: "Capital of France? [[say:Paris]]" })]).toEqual({
      output: "Paris",
      evals: [expect.objectContaining({ name: "exact_match", passed: true }), expect.objectContaining({ name: "contains", passed: true })],
      tokens: 18,
    });
    expect(mastra.rows.every((r) => /^[0-9a-f]{32}$/.test(String(r.traceId)))).toBe(true);
    expect(mastra.spans).toHaveLength(3);
    expect(mastra.spans).toEqual(aiSdk.spans);
    expect(mastra.spans[0]!.attributes).toMatchObject({ "agentmark.dataset_run_name": "capitals-exp", "agentmark.dataset_run_id": "<runId>", "gen_ai.request.model": "openai/gpt-4o-mini" });
  });
});

describe.each([true, false])("a traced prompt-run on the Mastra runner, stream=%s", (stream) => {
  it("answers and records the run span as on the AI SDK runner", async () => {
    const mastra = await promptRun(RUNNERS.mastra!(), stream);
    const aiSdk = await promptRun(RUNNERS["ai-sdk"]!(), stream);
    expect(mastra.body).toContain("Oslo");
    expect(mastra.body).toBe(aiSdk.body);
    expect(mastra.spans).toHaveLength(1);
    expect(mastra.spans).toEqual(aiSdk.spans);
    expect(mastra.spans[0]!.attributes).toMatchObject({ "agentmark.prompt_name": "capitals", "gen_ai.usage.input_tokens": 11, "gen_ai.usage.output_tokens": 7 });
  });
});
