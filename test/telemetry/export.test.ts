/**
 * End to end inside workerd: the app exports OTLP/JSON after the response (Workers
 * `ctx.waitUntil`) to a receiver on loopback, and the spans it receives carry the spec's
 * attributes and the trace id the response carried. An exporter failure never reaches the
 * caller; with nothing configured nothing is sent and no traceId goes on the wire.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env as workerEnv } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import textAst from "../fixtures/agentmark/fixtures/text.prompt.mdx.json";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import { createAiSdkRunner, openaiFromEnv } from "../../src/runners/ai-sdk";
import { createLocalRunner } from "../../src/runners/local";
import { ndjsonLines, signedRequest, TEST_SECRET } from "../helpers/signed";
import { fakeEnv } from "../runners/ai-sdk/helpers";

const FAKES = (workerEnv as unknown as { FAKES_ORIGIN: string }).FAKES_ORIGIN;

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  status?: { code?: number; message?: string };
  attributes: Array<{ key: string; value: OtlpValue }>;
}
interface Received {
  headers: Record<string, string>;
  resource: Record<string, unknown>;
  spans: Array<OtlpSpan & { attrs: Record<string, unknown> }>;
}

function plain(value: OtlpValue): unknown {
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.stringValue ?? value.boolValue ?? value.doubleValue;
}

function toMap(attributes: Array<{ key: string; value: OtlpValue }> = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map((a) => [a.key, plain(a.value)]));
}

async function received(id: string): Promise<Received[]> {
  const all = (await (await fetch(`${FAKES}/_control/requests`)).json()) as Array<{ path: string; body: string; headers: Record<string, string> }>;
  return all
    .filter((r) => r.path === `/otlp/${id}/v1/traces`)
    .map((r) => {
      const body = JSON.parse(r.body) as { resourceSpans: Array<{ resource: { attributes: [] }; scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }> }> };
      const rs = body.resourceSpans[0]!;
      return {
        headers: r.headers,
        resource: toMap(rs.resource.attributes),
        spans: rs.scopeSpans.flatMap((s) => s.spans).map((s) => ({ ...s, attrs: toMap(s.attributes) })),
      };
    });
}

const localApp = createApp(
  defineConfig({
    runners: [createLocalRunner()],
    datasets: { "datasets/two.jsonl": '{"input":{"userMessage":"one"},"expected_output":"(local model) You said: one"}\n{"input":{"userMessage":"two"},"expected_output":{"k":2}}\n' },
  }),
);
const base = { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, AGENTMARK_LOG_LEVEL: "silent" };

function localAst(model = "local/echo") {
  const copy = structuredClone(textAst) as { children: Array<{ value?: string }> };
  copy.children[0]!.value = copy.children[0]!.value!.replace(/model_name: .*/, `model_name: ${model}`);
  return copy;
}

async function lines(res: Response): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const line of ndjsonLines(res)) out.push(line as Record<string, unknown>);
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe("OTLP export after the response", () => {
  it("prompt-run (streaming): the received span has the attributes and the trace id of the done line", async () => {
    const id = crypto.randomUUID();
    const ctx = createExecutionContext();
    const res = await localApp.fetch(
      await signedRequest({ type: "prompt-run", data: { ast: localAst(), customProps: { userMessage: "hello" }, promptPath: "math/text.prompt.mdx" } }),
      { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: `${FAKES}/otlp/${id}`, OTEL_EXPORTER_OTLP_HEADERS: "x-collector-token=t%201" },
      ctx,
    );
    const out = await lines(res);
    const done = out.at(-1)!;
    expect(done.type).toBe("done");
    expect(done.traceId).toMatch(/^[0-9a-f]{32}$/);
    await waitOnExecutionContext(ctx);
    const batches = await received(id);
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch!.headers["x-collector-token"]).toBe("t 1");
    expect(batch!.headers["content-type"]).toContain("application/json");
    expect(batch!.resource["service.name"]).toBe("agentmark-client");
    expect(batch!.spans).toHaveLength(1);
    const span = batch!.spans[0]!;
    expect(span.traceId).toBe(done.traceId);
    expect(span.name).toBe("math");
    expect(span.parentSpanId ?? "").toBe("");
    expect(span.attrs).toMatchObject({
      "agentmark.trace_name": "math",
      "agentmark.prompt_name": "math",
      "agentmark.prompt_path": "math/text.prompt.mdx",
      "agentmark.props": '{"userMessage":"hello"}',
      "gen_ai.request.model": "local/echo",
      "gen_ai.operation.name": "chat",
      "agentmark.span.kind": "llm",
      "agentmark.output": "(local model) You said: hello",
      "gen_ai.usage.output_tokens": 5,
    });
    expect(JSON.parse(span.attrs["agentmark.input"] as string)).toContainEqual({ role: "user", content: "hello" });
  });

  it("AGENTMARK_HIDE_INPUTS / AGENTMARK_HIDE_OUTPUTS keep prompts and answers out of the exported spans", async () => {
    const id = crypto.randomUUID();
    const ctx = createExecutionContext();
    const res = await localApp.fetch(
      await signedRequest({ type: "prompt-run", data: { ast: localAst(), customProps: { userMessage: "my secret diagnosis" }, options: { shouldStream: false } } }),
      { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: `${FAKES}/otlp/${id}`, AGENTMARK_HIDE_INPUTS: "true", AGENTMARK_HIDE_OUTPUTS: "true" },
      ctx,
    );
    expect(((await res.json()) as { result: string }).result).toBe("(local model) You said: my secret diagnosis");
    await waitOnExecutionContext(ctx);
    const [batch] = await received(id);
    const span = batch!.spans[0]!;
    expect(span.attrs).toMatchObject({
      "agentmark.input": "[hidden]",
      "agentmark.props": "[hidden]",
      "agentmark.output": "[hidden]",
      "gen_ai.request.model": "local/echo",
      "gen_ai.usage.output_tokens": 7, // "(local model) You said: my secret diagnosis"
    });
    expect(JSON.stringify(batch)).not.toContain("diagnosis");
  });

  it("prompt-run (JSON): the envelope's traceId is the exported span's", async () => {
    const id = crypto.randomUUID();
    const ctx = createExecutionContext();
    const res = await localApp.fetch(
      await signedRequest({ type: "prompt-run", data: { ast: localAst(), customProps: { userMessage: "hi" }, options: { shouldStream: false } } }),
      { ...base, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${FAKES}/otlp/${id}/v1/traces` },
      ctx,
    );
    const body = (await res.json()) as { traceId: string };
    await waitOnExecutionContext(ctx);
    const [batch] = await received(id);
    expect(batch!.spans.map((s) => s.traceId)).toEqual([body.traceId]);
  });

  it("dataset-run to AgentMark: one span per row with the dataset attributes, trace ids as on the rows", async () => {
    const id = crypto.randomUUID();
    const ctx = createExecutionContext();
    const res = await localApp.fetch(
      await signedRequest({
        type: "dataset-run",
        data: { ast: localAst(), datasetPath: "datasets/two.jsonl", experimentId: "exp1", experimentKey: "./math.prompt.mdx", sourceTreeHash: "4b825dc6", promptPath: "math.prompt.mdx", concurrency: 1 },
      }),
      { ...base, AGENTMARK_API_KEY: "am-key", AGENTMARK_APP_ID: "app-9", AGENTMARK_BASE_URL: `${FAKES}/otlp/${id}` },
      ctx,
    );
    const rows = (await lines(res)) as Array<{ traceId: string; runId: string; result: { input: { userMessage: string } } }>;
    expect(rows).toHaveLength(2);
    await waitOnExecutionContext(ctx);
    const batches = await received(id);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.headers.authorization).toBe("am-key");
    expect(batches[0]!.headers["x-agentmark-app-id"]).toBe("app-9");
    expect(batches[0]!.resource["agentmark.app_id"]).toBe("app-9");
    const spans = batches[0]!.spans;
    expect(spans.map((s) => s.name).sort()).toEqual(["experiment-exp1-0", "experiment-exp1-1"]);
    for (const row of rows) {
      const span = spans.find((s) => s.traceId === row.traceId)!;
      expect(span).toBeDefined();
      expect(span.attrs).toMatchObject({
        "agentmark.dataset_run_id": row.runId,
        "agentmark.dataset_run_name": "exp1",
        "agentmark.dataset_path": "datasets/two.jsonl",
        "agentmark.experiment_key": "./math.prompt.mdx",
        "agentmark.source_tree_hash": "4b825dc6",
        "agentmark.prompt_path": "math.prompt.mdx",
        "agentmark.props": JSON.stringify(row.result.input),
        "gen_ai.request.model": "local/echo",
        "agentmark.span.kind": "llm",
      });
      expect(span.attrs["agentmark.dataset_item_name"]).toMatch(/^[0-9a-f]{12}$/);
    }
    const second = spans.find((s) => s.name === "experiment-exp1-1")!;
    expect(second.attrs["agentmark.dataset_expected_output"]).toBe('{"k":2}');
  });

  it("a failing collector never reaches the response; the failure is logged", async () => {
    const id = `fail-${crypto.randomUUID()}`;
    const logs: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void logs.push(String(line)));
    vi.spyOn(console, "log").mockImplementation((line: string) => void logs.push(String(line)));
    const ctx = createExecutionContext();
    const res = await localApp.fetch(
      await signedRequest({ type: "prompt-run", data: { ast: localAst(), customProps: { userMessage: "x" }, options: { shouldStream: false } } }),
      { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, OTEL_EXPORTER_OTLP_ENDPOINT: `${FAKES}/otlp/${id}` },
      ctx,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: string }).result).toBe("(local model) You said: x");
    await waitOnExecutionContext(ctx);
    expect(logs.some((l) => l.includes("telemetry_export_failed"))).toBe(true);
  }, 60_000);

  it("AI SDK spans nest under the prompt span with ai.telemetry.metadata.*", async () => {
    const id = crypto.randomUUID();
    const app = createApp(defineConfig({ runners: [createAiSdkRunner({ providers: { openai: openaiFromEnv }, aliases: [["test-model", "openai/gpt-4o-mini"]] })] }));
    const ctx = createExecutionContext();
    const ast = structuredClone(textAst) as { children: Array<{ value?: string }> };
    ast.children[0]!.value += "\nagentmark_meta:\n  commit_sha: abc123";
    const res = await app.fetch(
      await signedRequest({ type: "prompt-run", data: { ast, customProps: { userMessage: `${id} [[say:Four.]]` } } }),
      { ...fakeEnv, ...base, OTEL_EXPORTER_OTLP_ENDPOINT: `${FAKES}/otlp/${id}` },
      ctx,
    );
    const out = await lines(res);
    await waitOnExecutionContext(ctx);
    const spans = (await received(id)).flatMap((b) => b.spans);
    const root = spans.find((s) => s.name === "math")!;
    expect(root.traceId).toBe(out.at(-1)!.traceId);
    expect(root.attrs["agentmark.metadata.commit_sha"]).toBe("abc123");
    expect(root.attrs["agentmark.output"]).toBe("Four.");
    const sdk = spans.filter((s) => s !== root);
    expect(sdk.map((s) => s.name)).toEqual(expect.arrayContaining(["ai.streamText", "ai.streamText.doStream"]));
    for (const s of sdk) expect(s.traceId).toBe(root.traceId);
    const top = sdk.find((s) => s.name === "ai.streamText")!;
    expect(top.parentSpanId).toBe(root.spanId);
    expect(top.attrs).toMatchObject({
      "ai.telemetry.metadata.prompt_name": "math",
      "ai.telemetry.metadata.trace_name": "math",
      "ai.telemetry.metadata.commit_sha": "abc123",
      "ai.telemetry.metadata.props": JSON.stringify({ userMessage: `${id} [[say:Four.]]` }),
    });
  });

  it("hidden inputs and outputs stay out of the AI SDK's spans too", async () => {
    const id = crypto.randomUUID();
    const app = createApp(defineConfig({ runners: [createAiSdkRunner({ providers: { openai: openaiFromEnv }, aliases: [["test-model", "openai/gpt-4o-mini"]] })] }));
    for (const shouldStream of [true, false]) {
      const run = `${id}-${shouldStream}`;
      const ctx = createExecutionContext();
      const res = await app.fetch(
        await signedRequest({ type: "prompt-run", data: { ast: textAst, customProps: { userMessage: `PRIVATE-QUESTION ${run} [[say:PRIVATE-ANSWER]]` }, options: { shouldStream } } }),
        { ...fakeEnv, ...base, OTEL_EXPORTER_OTLP_ENDPOINT: `${FAKES}/otlp/${run}`, AGENTMARK_HIDE_INPUTS: "true", AGENTMARK_HIDE_OUTPUTS: "true" },
        ctx,
      );
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      await waitOnExecutionContext(ctx);
      const batches = await received(run);
      const spans = batches.flatMap((b) => b.spans);
      expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(["math", shouldStream ? "ai.streamText" : "ai.generateText"]));
      const exported = JSON.stringify(batches);
      expect(exported).not.toContain("PRIVATE-QUESTION");
      expect(exported).not.toContain("PRIVATE-ANSWER");
    }
  });

  it("tracing off: nothing is exported, no traceId and no done line", async () => {
    const ctx = createExecutionContext();
    const res = await localApp.fetch(await signedRequest({ type: "prompt-run", data: { ast: localAst(), customProps: { userMessage: "q" } } }), base, ctx);
    const out = await lines(res);
    await waitOnExecutionContext(ctx);
    expect(out.some((l) => l.type === "done" || "traceId" in l)).toBe(false);
  });
});
