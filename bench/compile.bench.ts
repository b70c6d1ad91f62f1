/**
 * Compiling the spec §4.8 prompt (include + conditional chain, 2 messages): the work the
 * compiler adds to every prompt-run. Target: < 0.2 ms median after warm-up.
 *
 *   npx vitest bench --run --config bench/vitest.bench.config.ts bench/compile.bench.ts
 */
import { test } from "vitest";
import { compile } from "../src/prompt";
import summarize from "../test/fixtures/prompt/summarize-with-tone.prompt.mdx.json";
import { report } from "./report";

test("compile the spec §4.8 prompt", async ({ bench }) => {
  const compiled = compile(summarize);
  if (compiled.kind !== "text" || compiled.messages.length !== 2) throw new Error("bench setup: unexpected compile result");

  report(
    await bench("compile §4.8, props from test_settings", () => {
      compile(summarize);
    }).run({ time: 2000, warmupTime: 300 }),
    0.2,
  );
  report(
    await bench("compile §4.8, custom props (formal)", () => {
      compile(summarize, { text: "A short text to summarise.", tone: "formal" });
    }).run({ time: 2000, warmupTime: 300 }),
    0.2,
  );
});
