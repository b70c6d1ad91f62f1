/**
 * A full signed, non-streaming prompt-run through the app in process (`app.request`):
 * signature check, parse, compile of the spec §4.8 prompt, local runner, JSON envelope.
 * Target: < 1 ms median.
 */
import { test } from "vitest";
import { report } from "./report";
import { BENCH_SECRET, signedPromptRun } from "./signed-prompt-run";

test("signed prompt-run, JSON, local runner, spec §4.8 prompt", async ({ bench }) => {
  const env = { AGENTMARK_WEBHOOK_SECRET: BENCH_SECRET, AGENTMARK_LOG_LEVEL: "silent" };
  const { request } = await signedPromptRun();
  await request(env); // fails loudly if the setup is wrong

  const result = await bench("app.request: verify + parse + compile + run + envelope", () => request(env)).run({ time: 2000, warmupTime: 300 });
  report(result, 1);
});
