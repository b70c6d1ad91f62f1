/**
 * The default bundle (src/index.ts, the Worker) stays free of Mastra: only a configuration
 * that imports the Mastra runner pulls it in (and is built with `--platform node`); its start
 * path stays free of the AI SDK and of CommonJS builds. Sizes
 * are measured by benches (bench/README.md), not asserted here.
 */
import { existsSync, readFileSync } from "node:fs";
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
    // OpenTelemetry's API from its ES module build (the alias in scripts/build.ts and wrangler.toml),
    // not its CommonJS one, which is evaluated in full at start.
    const otelApi = inputs.filter((path) => path.startsWith("node_modules/@opentelemetry/api/"));
    expect(otelApi.length).toBeGreaterThan(0);
    expect(otelApi.filter((path) => !path.startsWith("node_modules/@opentelemetry/api/build/esm/"))).toEqual([]);
  }, 60_000);

  /** wrangler builds the Worker itself: its `[alias]` entries must be the ones our build applies. */
  it("wrangler.toml's aliases point at files that exist, and the build bundles the same files", async () => {
    const toml = readFileSync(resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");
    const section = /^\[alias\]\s*$([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(toml)?.[1] ?? "";
    const targets = [...section.matchAll(/^"[^"]+"\s*=\s*"\.\/([^"]+)"/gm)].map((m) => m[1]!);
    expect(targets).toEqual(["scripts/zod-locales-en.ts", "scripts/ai-gateway-stub.ts", "node_modules/@opentelemetry/api/build/esm/index.js"]);
    for (const target of targets) expect(existsSync(resolve(import.meta.dirname, "../..", target)), target).toBe(true);
    await buildBundle({ quiet: true, outfile: OUT });
    const meta = JSON.parse(readFileSync(resolve(OUT, "../meta.json"), "utf8")) as Metafile;
    for (const target of targets) expect(Object.keys(meta.inputs), target).toContain(target);
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
