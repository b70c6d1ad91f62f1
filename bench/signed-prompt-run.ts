/**
 * The request both the prompt-run and the tracing benchmarks send: a signed, non-streaming
 * prompt-run of the spec §4.8 prompt on the local model, and the app that answers it.
 */
import summarize from "../test/fixtures/prompt/summarize-with-tone.prompt.mdx.json";
import { createApp } from "../src/app";
import { defineConfig } from "../src/config";
import { sign } from "../src/crypto";
import { createLocalRunner } from "../src/runners/local";

export const BENCH_SECRET = "bench-secret-0123456789abcdef";

export async function signedPromptRun() {
  const yaml = summarize.children[0] as { type: string; value: string };
  const ast = {
    ...summarize,
    children: [{ ...yaml, value: yaml.value.replace(/model_name: .*/, "model_name: local/echo") }, ...summarize.children.slice(1)],
  };
  const body = JSON.stringify({ type: "prompt-run", data: { ast, options: { shouldStream: false } } });
  const headers = { "content-type": "application/json", "x-agentmark-signature-256": await sign(BENCH_SECRET, body) };
  const app = createApp(defineConfig({ runners: [createLocalRunner()] }));
  /** Sends the request with the given environment and reads the whole answer. */
  const request = async (env: Record<string, string>) => {
    const res = await app.request("/", { method: "POST", body, headers }, env);
    if (res.status !== 200) throw new Error(`bench: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  return { request };
}
