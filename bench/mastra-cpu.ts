/**
 * node --import tsx bench/mastra-cpu.ts — CPU per request of a signed, non-streaming text
 * prompt-run through the whole app, on the Mastra runner vs the AI SDK runner, in the same
 * process and the same run, batches interleaved A B A B. Two models:
 *   - `mock`: `ai/test`'s MockLanguageModelV4 answering at once, in process (the runners' own cost);
 *   - `fake`: the fake OpenAI (Responses API) on 127.0.0.1, in this process too, so its CPU counts
 *     alike for both (the realistic path: HTTP client, SSE/JSON parsing).
 * CPU = process.cpuUsage() (user + system) over a batch / requests in the batch.
 * BATCHES=8, PER_BATCH=100 by default.
 */
import { MockLanguageModelV4 } from "ai/test";
import { createApp } from "../src/app";
import { defineConfig } from "../src/config";
import { sign } from "../src/crypto";
import { createAiSdkRunner } from "../src/runners/ai-sdk";
import { createMastraRunner } from "../src/runners/mastra";
import { createModelRegistry } from "../src/runners/toolkit";
import { openaiFromEnv } from "../src/runners/toolkit/openai";
import type { Runner } from "../src/runners/types";
import { startFakes } from "../test/fakes/server";

const BATCHES = Number(process.env.BATCHES ?? 8);
const PER_BATCH = Number(process.env.PER_BATCH ?? 100);
const SECRET = "bench-secret-0123456789abcdef";

const mockModel = () =>
  new MockLanguageModelV4({
    doGenerate: async () => ({
      content: [{ type: "text", text: "The capital of France is Paris." }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: { inputTokens: { total: 12, noCache: 12, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 7, text: 7, reasoning: undefined } },
      warnings: [],
    }),
  });

const fakes = await startFakes();
const models = createModelRegistry({ providers: { openai: openaiFromEnv, mock: () => ({ languageModel: () => mockModel() }) } });
const env = { AGENTMARK_WEBHOOK_SECRET: SECRET, AGENTMARK_LOG_LEVEL: "silent", OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: `${fakes.origin}/openai/v1` };

async function signed(model: string) {
  const ast = {
    type: "root",
    children: [
      { type: "yaml", value: `name: capital\ntext_config:\n  model_name: ${model}\n  temperature: 0.2` },
      { type: "mdxJsxFlowElement", name: "System", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "Answer in one sentence." }] }] },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "What is the capital of France? [[say:The capital of France is Paris.]]" }] }] },
    ],
  };
  const body = JSON.stringify({ type: "prompt-run", data: { ast, options: { shouldStream: false } } });
  return { body, headers: { "content-type": "application/json", "x-agentmark-signature-256": await sign(SECRET, body) } };
}

function variant(name: string, runner: Runner, model: string) {
  const app = createApp(defineConfig({ runners: [runner] }));
  const requestPromise = signed(model);
  return {
    name,
    async once() {
      const { body, headers } = await requestPromise;
      const res = await app.request("/", { method: "POST", body, headers }, env);
      const text = await res.text();
      if (res.status !== 200 || !text.includes("Paris")) throw new Error(`${name}: ${res.status} ${text.slice(0, 200)}`);
    },
  };
}

const variants = [
  variant("AI SDK runner, mock model", createAiSdkRunner({ models }), "mock/m"),
  variant("Mastra runner, mock model", createMastraRunner({ models }), "mock/m"),
  variant("AI SDK runner, fake OpenAI", createAiSdkRunner({ models }), "openai/gpt-4o-mini"),
  variant("Mastra runner, fake OpenAI", createMastraRunner({ models }), "openai/gpt-4o-mini"),
];

for (const v of variants) for (let i = 0; i < 50; i++) await v.once(); // warm-up (JIT, provider caches)

const cpu = variants.map(() => [] as number[]);
const wall = variants.map(() => [] as number[]);
for (let batch = 0; batch < BATCHES; batch++) {
  for (const [i, v] of variants.entries()) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let n = 0; n < PER_BATCH; n++) await v.once();
    const c = process.cpuUsage(c0);
    wall[i]!.push((performance.now() - t0) / PER_BATCH);
    cpu[i]!.push((c.user + c.system) / 1000 / PER_BATCH);
  }
}
await fakes.close();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`\nCPU per non-streaming text prompt-run (signed, whole app), ${BATCHES} batches × ${PER_BATCH} requests, interleaved\n`);
console.log("| runner, model | CPU / request, median of batches (min–max) | wall / request, median |");
console.log("|---|---|---|");
for (const [i, v] of variants.entries()) {
  console.log(`| ${v.name} | ${median(cpu[i]!).toFixed(3)} ms (${Math.min(...cpu[i]!).toFixed(3)}–${Math.max(...cpu[i]!).toFixed(3)}) | ${median(wall[i]!).toFixed(3)} ms |`);
}
console.log(`\nMastra / AI SDK CPU: mock model ${(median(cpu[1]!) / median(cpu[0]!)).toFixed(2)}×, fake OpenAI ${(median(cpu[3]!) / median(cpu[2]!)).toFixed(2)}×`);
process.exit(0);
