/**
 * A full signed, non-streaming prompt-run through the app in process (`app.request`):
 * signature check, parse, compile of the spec §4.8 prompt, local runner, JSON envelope.
 * Target: < 1 ms median.
 */
import { test } from "vitest";
import summarize from "../test/fixtures/prompt/summarize-with-tone.prompt.mdx.json";
import { createApp } from "../src/app";
import { defineConfig } from "../src/config";
import { sign } from "../src/crypto";
import { createLocalRunner } from "../src/runners/local";
import { report } from "./report";

test("signed prompt-run, JSON, local runner, spec §4.8 prompt", async ({ bench }) => {
  const secret = "bench-secret-0123456789abcdef";
  const env = { AGENTMARK_WEBHOOK_SECRET: secret, AGENTMARK_LOG_LEVEL: "silent" };
  const yaml = summarize.children[0] as { type: string; value: string };
  const ast = {
    ...summarize,
    children: [{ ...yaml, value: yaml.value.replace(/model_name: .*/, "model_name: local/echo") }, ...summarize.children.slice(1)],
  };
  const body = JSON.stringify({ type: "prompt-run", data: { ast, options: { shouldStream: false } } });
  const headers = { "content-type": "application/json", "x-agentmark-signature-256": await sign(secret, body) };
  const app = createApp(defineConfig({ runners: [createLocalRunner()] }));
  const check = await app.request("/", { method: "POST", body, headers }, env);
  if (check.status !== 200) throw new Error(`bench setup: ${check.status} ${await check.text()}`);

  const result = await bench("app.request: verify + parse + compile + run + envelope", async () => {
    const res = await app.request("/", { method: "POST", body, headers }, env);
    await res.arrayBuffer();
  }).run({ time: 2000, warmupTime: 300 });
  report(result, 1);
});
