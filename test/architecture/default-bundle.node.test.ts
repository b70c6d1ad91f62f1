/**
 * The default bundle (src/index.ts, the Worker) stays free of Mastra: only a configuration
 * that imports the Mastra runner pulls it in (and is built with `--platform node`). Sizes
 * are measured by benches (bench/README.md), not asserted here.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { GatewayAuthenticationError as RealAuthenticationError, GatewayRateLimitError as RealRateLimitError } from "@ai-sdk/gateway";
import { GatewayAuthenticationError, GatewayError, gateway } from "../../scripts/ai-gateway-stub";
import { buildBundle } from "../../scripts/build";
import { startPath } from "../helpers/start-path";

const OUT = resolve(import.meta.dirname, "../../.cache/default-bundle-check/index.js");

describe("the default bundle", () => {
  it("contains no Mastra and imports nothing at run time", async () => {
    await buildBundle({ quiet: true, outfile: OUT });
    const meta = JSON.parse(readFileSync(resolve(OUT, "../meta.json"), "utf8")) as Metafile;
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((path) => path.includes("node_modules/ai/"))).toBe(true);
    expect(inputs.filter((path) => /@mastra\/|src\/runners\/mastra\//.test(path))).toEqual([]);
    // The AI Gateway (string model ids) is left out: scripts/ai-gateway-stub.ts stands in.
    expect(inputs.filter((path) => path.includes("node_modules/@ai-sdk/gateway/"))).toEqual([]);
    expect(inputs).toContain("scripts/ai-gateway-stub.ts");
  }, 60_000);

  /**
   * Starting the app (and serving the local model) must not evaluate the AI SDK: it is loaded
   * by the first run that needs it (src/runners/ai-sdk/calls.ts, toolkit/deferred-models.ts).
   * A static import of `ai` or `@ai-sdk/*` from code that runs at start would undo that.
   */
  it("evaluates none of the AI SDK when it starts", async () => {
    const out = resolve(import.meta.dirname, "../../.cache/default-bundle-check/unminified/index.js");
    await buildBundle({ quiet: true, outfile: out, minify: false });
    const { wrapped, initialisedAtStart } = startPath(readFileSync(out, "utf8"));
    const sdk = /^node_modules\/(ai|@ai-sdk\/[^/]+)\//;
    for (const entry of ["node_modules/ai/dist/index.js", "node_modules/@ai-sdk/openai/dist/index.js", "node_modules/@ai-sdk/otel/dist/index.js"]) {
      expect(wrapped).toContain(entry);
    }
    expect([...initialisedAtStart].filter((path) => sdk.test(path))).toEqual([]);
  }, 60_000);

  it("the AI Gateway's stand-in: a string model id is a clear error; errors are told apart as the real package does", () => {
    expect(() => gateway.languageModel("openai/gpt-4o")).toThrow(/^Model 'openai\/gpt-4o' was given to the AI SDK as a string, which needs the Vercel AI Gateway/);
    const authentication = new RealAuthenticationError({ message: "no key" });
    const other = new RealRateLimitError({ message: "busy" });
    expect([GatewayError.isInstance(authentication), GatewayAuthenticationError.isInstance(authentication)]).toEqual([true, true]);
    expect([GatewayError.isInstance(other), GatewayAuthenticationError.isInstance(other)]).toEqual([true, false]);
    expect([GatewayError.isInstance(new Error("x")), GatewayAuthenticationError.isInstance(null)]).toEqual([false, false]);
  });
});
