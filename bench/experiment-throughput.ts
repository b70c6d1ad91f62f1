/**
 * Experiment throughput and memory (issue: experiments).
 *
 *   npx tsx bench/experiment-throughput.ts rows <N>      N rows, instant local runner: rows/s and peak memory
 *   npx tsx bench/experiment-throughput.ts latency       400 rows, a 50 ms fake model, concurrency 20, through the
 *                                                         AI SDK runner twice: an in-process `ai/test` mock model, and
 *                                                         OpenAI Chat Completions served on 127.0.0.1 (adds Node's HTTP client)
 *
 * The dataset comes from a fake AgentMark API on 127.0.0.1 that generates rows as it
 * streams them, so the dataset itself never sits in this process's memory; the response is
 * consumed line by line, as the platform does.
 */
import { createServer, type Server } from "node:http";
import { MockLanguageModelV4 } from "ai/test";
import type { AddressInfo } from "node:net";
import { createApp } from "../src/app";
import { defineConfig } from "../src/config";
import { sign } from "../src/crypto";
import { builtinEvals } from "../src/experiments/builtin-evals";
import { createAiSdkRunner, openaiFromEnv } from "../src/runners/ai-sdk";
import { createLocalRunner } from "../src/runners/local";

const SECRET = "bench-secret-0123456789abcdef";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** GET /v1/templates?path=rows-<N> streams N generated JSONL rows. */
function datasetServer(): Server {
  return createServer((req, res) => {
    const count = Number(/rows-(\d+)/.exec(req.url ?? "")?.[1] ?? 0);
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    let i = 0;
    const pump = () => {
      while (i < count) {
        const line = JSON.stringify({ input: { question: `question number ${i}` }, expected_output: `(local model) You said: question number ${i}` }) + "\n";
        i++;
        if (!res.write(line)) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  });
}

/** POST /v1/chat/completions answers after 50 ms, in OpenAI's JSON format. */
function slowModelServer(latencyMs: number): Server {
  return createServer((req, res) => {
    req.resume();
    req.on("end", () =>
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "chatcmpl-bench",
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: "gpt-4o-mini",
            choices: [{ index: 0, message: { role: "assistant", content: "four" }, finish_reason: "stop" }],
            usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
          }),
        );
      }, latencyMs),
    );
  });
}

function promptAst(model: string) {
  return {
    type: "root",
    children: [
      { type: "yaml", value: `name: bench\ntext_config:\n  model_name: ${model}\ntest_settings:\n  evals: [exact_match, contains]` },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "mdxTextExpression", value: "props.question" }] }] },
    ],
  };
}

async function runExperiment(app: ReturnType<typeof createApp>, env: Record<string, string>, data: Record<string, unknown>) {
  const body = JSON.stringify({ type: "dataset-run", data });
  const res = await app.request("/", { method: "POST", body, headers: { "x-agentmark-signature-256": await sign(SECRET, body) } }, env);
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  let rows = 0;
  let errors = 0;
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('{"type":"dataset"')) rows++;
      else errors++;
    }
  }
  return { rows, errors };
}

function memorySampler() {
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  sample();
  const timer = setInterval(sample, 5);
  return () => {
    clearInterval(timer);
    sample();
    return { peakHeapMiB: peakHeap / 2 ** 20, peakRssMiB: peakRss / 2 ** 20 };
  };
}

async function rowsBench(count: number) {
  const server = datasetServer();
  const origin = await listen(server);
  const app = createApp(defineConfig({ runners: [createLocalRunner()], evals: builtinEvals }));
  const env = { AGENTMARK_WEBHOOK_SECRET: SECRET, AGENTMARK_LOG_LEVEL: "silent", AGENTMARK_BASE_URL: origin };
  await runExperiment(app, env, { ast: promptAst("local/echo"), datasetPath: "rows-200" }); // warm-up
  globalThis.gc?.();
  const baselineHeap = process.memoryUsage().heapUsed / 2 ** 20;
  const stop = memorySampler();
  const started = performance.now();
  const result = await runExperiment(app, env, { ast: promptAst("local/echo"), datasetPath: `rows-${count}` });
  const seconds = (performance.now() - started) / 1000;
  const memory = stop();
  server.close();
  console.log(
    JSON.stringify({
      bench: "experiment-rows",
      rows: result.rows,
      errors: result.errors,
      seconds: +seconds.toFixed(3),
      rowsPerSecond: Math.round(result.rows / seconds),
      heapBeforeMiB: +baselineHeap.toFixed(1),
      peakHeapMiB: +memory.peakHeapMiB.toFixed(1),
      peakRssMiB: +memory.peakRssMiB.toFixed(1),
    }),
  );
}

/** A language model that answers after `latencyMs`, in process (no HTTP client in the measurement). */
function mockModel(latencyMs: number) {
  return new MockLanguageModelV4({
    doGenerate: async () => {
      await new Promise((r) => setTimeout(r, latencyMs));
      return {
        content: [{ type: "text", text: "four" }],
        finishReason: { unified: "stop", raw: undefined },
        usage: { inputTokens: { total: 9, noCache: 9, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 1, text: 1, reasoning: undefined } },
        warnings: [],
      };
    },
  });
}

async function latencyBench() {
  const latencyMs = 50;
  const concurrency = 20;
  const count = 400;
  const data = datasetServer();
  const model = slowModelServer(latencyMs);
  const dataOrigin = await listen(data);
  const modelOrigin = await listen(model);
  const fakeModel = mockModel(latencyMs);
  const app = createApp(
    defineConfig({
      runners: [
        createAiSdkRunner({
          providers: { openai: openaiFromEnv, fake: () => ({ languageModel: () => fakeModel }) },
        }),
      ],
      evals: builtinEvals,
    }),
  );
  const env = {
    AGENTMARK_WEBHOOK_SECRET: SECRET,
    AGENTMARK_LOG_LEVEL: "silent",
    AGENTMARK_BASE_URL: dataOrigin,
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: `${modelOrigin}/v1`,
  };
  // The ≥ 90 % target is the in-process model's; over HTTP the figure is bound by Node's HTTP
  // client (bench/README.md), so that row has no target.
  for (const [label, modelName, held] of [
    ["in-process mock model", "fake/model", true],
    ["OpenAI Chat Completions on 127.0.0.1", "openai.chat/gpt-4o-mini", false],
  ] as const) {
    await runExperiment(app, env, { ast: promptAst(modelName), datasetPath: "rows-40", concurrency }); // warm-up
    const started = performance.now();
    const result = await runExperiment(app, env, { ast: promptAst(modelName), datasetPath: `rows-${count}`, concurrency });
    const seconds = (performance.now() - started) / 1000;
    const ideal = (concurrency * 1000) / latencyMs;
    const rowsPerSecond = result.rows / seconds;
    console.log(
      JSON.stringify({
        bench: "experiment-latency",
        model: label,
        latencyMs,
        concurrency,
        rows: result.rows,
        errors: result.errors,
        seconds: +seconds.toFixed(3),
        rowsPerSecond: Math.round(rowsPerSecond),
        idealRowsPerSecond: ideal,
        ofIdeal: `${((100 * rowsPerSecond) / ideal).toFixed(1)} %`,
        ...(held ? { target: "≥ 90 % of ideal", met: rowsPerSecond >= 0.9 * ideal } : { target: "none (bound by the HTTP client)" }),
      }),
    );
  }
  data.close();
  model.close();
}

const [mode, arg] = process.argv.slice(2);
if (mode === "rows") await rowsBench(Number(arg ?? 10000));
else if (mode === "latency") await latencyBench();
else {
  console.error("usage: tsx bench/experiment-throughput.ts rows <N> | latency");
  process.exit(2);
}
