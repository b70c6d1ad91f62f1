/**
 * Time to first byte added by the webhook (issue: AI SDK runner).
 *
 *   npx tsx bench/ttfb.ts
 *
 * A fake OpenAI Chat Completions server on 127.0.0.1 streams 20 tokens (SSE), 5 ms apart,
 * and notes when its first token leaves. In the same process and run we measure, 200 times
 * each (after 20 warm-ups):
 *   direct:  `streamText` on the same fake → first text delta
 *   webhook: signed prompt-run through the app (`app.fetch`, the Node path) → first NDJSON line
 * both from the moment the fake wrote its first token. The difference is what the webhook
 * adds. We also check there is no batching: one NDJSON line per token, in order.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpenAI } from "@ai-sdk/openai";
import { streamText } from "ai";
import { createApp } from "../src/app";
import { defineConfig } from "../src/config";
import { sign } from "../src/crypto";
import { createAiSdkRunner, openaiFromEnv } from "../src/runners/ai-sdk";

const TOKENS = 20;
const GAP_MS = 5;
const RUNS = 200;
const WARMUP = 20;
let firstTokenAt = 0;

const server = createServer((req, res) => {
  req.resume();
  req.on("end", async () => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: unknown) =>
      `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
    res.write(chunk({ role: "assistant", content: "" }));
    for (let i = 0; i < TOKENS; i++) {
      if (i === 0) firstTokenAt = performance.now();
      res.write(chunk({ content: `t${i} ` }));
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    res.write(chunk({}, "stop", { prompt_tokens: 3, completion_tokens: TOKENS, total_tokens: TOKENS + 3 }));
    res.end("data: [DONE]\n\n");
  });
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

const SECRET = "bench-secret-0123456789abcdef";
const env = { AGENTMARK_WEBHOOK_SECRET: SECRET, AGENTMARK_LOG_LEVEL: "silent", OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: base };
const app = createApp(defineConfig({ runners: [createAiSdkRunner({ providers: { openai: openaiFromEnv } })] }));
const ast = {
  type: "root",
  children: [
    { type: "yaml", value: "name: ttfb\ntext_config:\n  model_name: openai.chat/gpt-4o-mini" },
    { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "count" }] }] },
  ],
};
const body = JSON.stringify({ type: "prompt-run", data: { ast } });
const headers = { "content-type": "application/json", "x-agentmark-signature-256": await sign(SECRET, body) };
const direct = createOpenAI({ apiKey: "sk-bench", baseURL: base }).chat("gpt-4o-mini");

async function viaDirect(): Promise<{ ttfb: number; pieces: number }> {
  const result = streamText({ model: direct, prompt: "count" });
  let ttfb = -1;
  let pieces = 0;
  for await (const _delta of result.textStream) {
    if (ttfb < 0) ttfb = performance.now() - firstTokenAt;
    pieces++;
  }
  return { ttfb, pieces };
}

async function viaWebhook(): Promise<{ ttfb: number; pieces: number; inOrder: boolean }> {
  const res = await app.fetch(new Request("http://webhook/", { method: "POST", body, headers }), env);
  let ttfb = -1;
  let buffer = "";
  const texts: string[] = [];
  const decoder = new TextDecoder();
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (ttfb < 0) ttfb = performance.now() - firstTokenAt;
    buffer += decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = JSON.parse(buffer.slice(0, nl)) as { result?: string };
      buffer = buffer.slice(nl + 1);
      if (typeof line.result === "string") texts.push(line.result);
    }
  }
  const inOrder = texts.every((t, i) => t === `t${i} `);
  return { ttfb, pieces: texts.length, inOrder };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

for (let i = 0; i < WARMUP; i++) {
  await viaDirect();
  await viaWebhook();
}
const directTimes: number[] = [];
const webhookTimes: number[] = [];
let batched = 0;
for (let i = 0; i < RUNS; i++) {
  directTimes.push((await viaDirect()).ttfb);
  const w = await viaWebhook();
  webhookTimes.push(w.ttfb);
  if (w.pieces !== TOKENS || !w.inOrder) batched++;
}
server.close();
const added = median(webhookTimes) - median(directTimes);
console.log(
  JSON.stringify({
    bench: "ttfb",
    runs: RUNS,
    directMedianMs: +median(directTimes).toFixed(3),
    directP90Ms: +p90(directTimes).toFixed(3),
    webhookMedianMs: +median(webhookTimes).toFixed(3),
    webhookP90Ms: +p90(webhookTimes).toFixed(3),
    addedMedianMs: +added.toFixed(3),
    target: "added < 2 ms",
    met: added < 2,
    runsWithBatchingOrMissingTokens: batched,
  }),
);
