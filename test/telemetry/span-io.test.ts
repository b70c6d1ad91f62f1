/**
 * span-io.json (spec §8.2, §9): every case on the prompt-run span — input before the model
 * call, output and usage after drain, classification, ERROR on failure, the span still open
 * when the streaming response is handed back and ended once it drains — and the clean cases
 * on the experiment row span (§8.3). Spans are captured in process.
 */
import { SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import vectors from "../fixtures/agentmark/vectors/span-io.json";
import { defineConfig } from "../../src/config";
import { runRow, type RowContext } from "../../src/experiments/run-row";
import { handlePromptRun } from "../../src/handlers/prompt-run";
import type { AgentEvent } from "../../src/protocol/agent-events";
import { compile } from "../../src/prompt";
import { OpenSpans } from "../../src/telemetry";
import { ndjsonLines } from "../helpers/signed";
import { astFor, captureTracing, scriptedRunner } from "./helpers";

interface SpanIoCase {
  name: string;
  kind: "text" | "object";
  shouldStream: boolean;
  messages: Array<{ role: string; content: string }>;
  events: AgentEvent[];
  expected: {
    input: unknown;
    output: unknown;
    model: string;
    usage: { input: number; output: number } | null;
    classification: { operationName: string; spanKind: string };
  };
  throws: boolean;
}

const cases = vectors.cases as unknown as SpanIoCase[];

function checkSpan(span: ReadableSpan, c: SpanIoCase) {
  const a = span.attributes;
  expect(JSON.parse(a["agentmark.input"] as string)).toEqual(c.expected.input);
  if (c.expected.output === null) expect(a).not.toHaveProperty("agentmark.output");
  else if (typeof c.expected.output === "string") expect(a["agentmark.output"]).toBe(c.expected.output);
  else expect(JSON.parse(a["agentmark.output"] as string)).toEqual(c.expected.output);
  expect(a["gen_ai.request.model"]).toBe(c.expected.model);
  if (c.expected.usage === null) {
    expect(a).not.toHaveProperty("gen_ai.usage.input_tokens");
    expect(a).not.toHaveProperty("gen_ai.usage.output_tokens");
  } else {
    expect(a["gen_ai.usage.input_tokens"]).toBe(c.expected.usage.input);
    expect(a["gen_ai.usage.output_tokens"]).toBe(c.expected.usage.output);
  }
  expect(a["gen_ai.operation.name"]).toBe(c.expected.classification.operationName);
  expect(a["agentmark.span.kind"]).toBe(c.expected.classification.spanKind);
  const errored = c.events.some((e) => e.type === "error");
  expect(span.status.code).toBe(errored ? SpanStatusCode.ERROR : SpanStatusCode.UNSET);
  if (errored) expect(span.status.message).toBe("boom");
  expect(span.parentSpanContext).toBeUndefined();
  expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
}

describe("span-io.json on the prompt-run span", () => {
  it("covers the six platform cases", () => {
    expect(cases.map((c) => c.name)).toHaveLength(6);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const captured = captureTracing();
      const config = defineConfig({ runners: [scriptedRunner(c.events)] });
      const data = { ast: astFor(c.kind, c.messages), options: { shouldStream: c.shouldStream } };
      const deps = { config, env: {}, signal: new AbortController().signal, tracing: captured.tracing };
      if (c.throws) {
        await expect(handlePromptRun(data, deps)).rejects.toThrow("boom");
        const spans = await captured.spans();
        expect(spans).toHaveLength(1);
        checkSpan(spans[0]!, c);
        return;
      }
      const res = await handlePromptRun(data, deps);
      if (c.shouldStream) {
        // Handed back open: the model runs inside the span.
        expect(await captured.spans()).toHaveLength(0);
        const lines: Array<Record<string, unknown>> = [];
        for await (const line of ndjsonLines(res)) lines.push(line as Record<string, unknown>);
        const spans = await captured.spans();
        expect(spans).toHaveLength(1);
        checkSpan(spans[0]!, c);
        expect(lines.at(-1)).toEqual({ type: "done", traceId: spans[0]!.spanContext().traceId });
      } else {
        const body = (await res.json()) as { traceId?: string };
        const spans = await captured.spans();
        expect(spans).toHaveLength(1);
        checkSpan(spans[0]!, c);
        expect(body.traceId).toBe(spans[0]!.spanContext().traceId);
      }
      expect(captured.exportsRequested).toHaveLength(1);
    });
  }

  it("a streamed run that cannot start: an ERROR span, one error line, then done with its traceId", async () => {
    const captured = captureTracing();
    const config = defineConfig({ runners: [{ name: "elsewhere", kinds: ["text"], handles: () => false, async *runText() {} }] });
    const deps = { config, env: {}, signal: new AbortController().signal, tracing: captured.tracing };
    const res = await handlePromptRun({ ast: astFor("text", [{ role: "user", content: "hi" }]) }, deps);
    expect(res.status).toBe(200);
    const lines: Array<Record<string, unknown>> = [];
    for await (const line of ndjsonLines(res)) lines.push(line as Record<string, unknown>);
    const spans = await captured.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(lines).toEqual([
      { type: "error", error: expect.stringMatching(/^No runner serves model "test"/) },
      { type: "done", traceId: spans[0]!.spanContext().traceId },
    ]);
  });

  it("without tracing: no traceId, no done line", async () => {
    const c = cases[1]!;
    const config = defineConfig({ runners: [scriptedRunner(c.events)] });
    const res = await handlePromptRun({ ast: astFor(c.kind, c.messages) }, { config, env: {}, signal: new AbortController().signal });
    const lines: Array<Record<string, unknown>> = [];
    for await (const line of ndjsonLines(res)) lines.push(line as Record<string, unknown>);
    expect(lines.some((l) => l.type === "done")).toBe(false);
  });
});

describe("span-io.json clean cases on the experiment row span", () => {
  for (const c of cases.filter((x) => !x.events.some((e) => e.type === "error"))) {
    it(c.name, async () => {
      const captured = captureTracing();
      const spans = new OpenSpans();
      const ast = astFor(c.kind, c.messages);
      const ctx: RowContext = {
        runner: scriptedRunner(c.events),
        env: {},
        evalNames: [],
        evals: {},
        runId: "run-1",
        runName: "exp",
        trace: { tracer: captured.tracing.tracer, spans, datasetPath: "datasets/x.jsonl" },
      };
      const row = await runRow({ row: { input: { q: 1 }, expected_output: "x", line: 1 }, prompt: compile(ast, {}) }, ctx, new AbortController().signal, 3);
      const finished = await captured.spans();
      expect(finished).toHaveLength(1);
      checkSpan(finished[0]!, c);
      expect(finished[0]!.name).toBe("experiment-exp-3");
      expect(row.traceId).toBe(finished[0]!.spanContext().traceId);
    });
  }
});
