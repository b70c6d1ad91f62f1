/**
 * Imports point inward. Every import in src/** is parsed (TypeScript's own pre-processor,
 * so `import type`, re-exports and dynamic `import()` count) and checked against the table
 * of which layer may import which. A new folder must be added to the table on purpose.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");

/** Layers, innermost first, and the layers each may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  protocol: ["core"],
  crypto: ["core"],
  prompt: ["core", "protocol"],
  runtime: ["core", "protocol"],
  telemetry: ["core", "protocol", "prompt", "runtime"],
  /** The seam and the toolkit: `runners/*.ts`, `runners/toolkit/`. */
  runners: ["core", "protocol", "prompt"],
  /** One runner (`runners/ai-sdk/`, `runners/local/`, …): never another runner. */
  "runner-impl": ["runners", "core", "protocol", "prompt"],
  config: ["core", "protocol", "prompt", "runners"],
  experiments: ["config", "core", "protocol", "prompt", "runtime", "telemetry", "runners"],
  alerts: ["config", "core", "protocol", "runtime"],
  "app-env": ["core", "runtime"],
  handlers: ["app-env", "config", "core", "protocol", "prompt", "crypto", "runtime", "telemetry", "runners", "experiments", "alerts"],
  /** The composition root: the entry, the app and the file users edit. */
  app: ["*"],
};

/** Packages that are a model SDK, a web framework or a platform: never in the inner layers. */
const SDK_OR_PLATFORM = /^(ai|ai\/.*|@ai-sdk\/.*|@mastra\/.*|@anthropic-ai\/.*|hono|hono\/.*|@hono\/.*|node:.*|cloudflare:.*)$/;
const INNER = new Set(["core", "protocol", "crypto", "prompt"]);

function layerOf(file: string): string {
  const rel = relative(SRC, file).split("\\").join("/");
  const [head, second] = rel.split("/");
  if (rel === "config.ts") return "config";
  if (rel === "app-env.ts") return "app-env";
  if (!rel.includes("/")) return "app";
  if (head === "runners") {
    if (second === "toolkit" || second?.endsWith(".ts")) return "runners";
    return "runner-impl";
  }
  return head!;
}

/** `runners/ai-sdk/x.ts` → `ai-sdk`: which runner a runner-impl file belongs to. */
function runnerOf(file: string): string | undefined {
  const parts = relative(SRC, file).split("\\").join("/").split("/");
  return parts[0] === "runners" && parts.length > 2 && parts[1] !== "toolkit" ? parts[1] : undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

interface Source {
  file: string;
  text: string;
}

function violations(sources: readonly Source[]): string[] {
  const problems: string[] = [];
  for (const { file, text } of sources) {
    const layer = layerOf(file);
    const allowed = ALLOWED[layer];
    const name = relative(SRC, file);
    if (!allowed) {
      problems.push(`${name}: folder '${layer}' has no entry in the layering table`);
      continue;
    }
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!specifier.startsWith(".")) {
        if (INNER.has(layer) && SDK_OR_PLATFORM.test(specifier)) problems.push(`${name} imports '${specifier}': ${layer}/ must not depend on an SDK or a platform`);
        continue;
      }
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(SRC + "/")) continue; // package.json, datasets/: data, not layers
      const targetFile = existsSync(target) && statSync(target).isDirectory() ? join(target, "index.ts") : /\.[a-z]+$/.test(target) ? target : `${target}.ts`;
      const targetLayer = layerOf(targetFile);
      if (targetLayer === layer) {
        if (layer === "runner-impl" && runnerOf(targetFile) !== runnerOf(file)) problems.push(`${name} imports '${specifier}': a runner never imports another runner`);
        continue;
      }
      if (!allowed.includes("*") && !allowed.includes(targetLayer)) problems.push(`${name} imports '${specifier}': ${layer} → ${targetLayer} points outward`);
    }
  }
  return problems;
}

describe("layering", () => {
  const sources = sourceFiles(SRC).map((file) => ({ file, text: readFileSync(file, "utf8") }));

  it("finds the source files", () => {
    expect(sources.length).toBeGreaterThan(50);
  });

  it("every import points inward", () => {
    expect(violations(sources)).toEqual([]);
  });

  it("HTTP (Response, statuses) stays in handlers/ and the app", () => {
    const http = sources.filter(({ file, text }) => {
      const layer = layerOf(file);
      if (layer === "handlers" || layer === "app") return false;
      // `new Response(stream).arrayBuffer()` only reads bytes: that is not an HTTP answer. Nor is
      // a fetch wrapper handing a provider's own response (its status) back to the SDK: client side.
      const answers = text
        .replace(/new Response\([^()]*\)\s*\.\s*(arrayBuffer|text|json|blob|bytes)\(/g, "")
        .replace(/new Response\([^;]*?status:\s*(\w+)\.status,[^;]*?headers:\s*\1\.headers/g, "");
      return /\bnew Response\(|\bResponse\.json\(|\bHttpError\b/.test(answers);
    });
    expect(http.map(({ file }) => relative(SRC, file))).toEqual([]);
  });

  it("catches an outward import, a runner importing another, an SDK in an inner layer, a folder not in the table", () => {
    const fake = (path: string, text: string): Source => ({ file: join(SRC, path), text });
    const cases = [
      fake("runtime/x.ts", 'import type { Runner } from "../runners/types";'),
      fake("runners/mastra/x.ts", 'import { runTextCall } from "../ai-sdk/text";'),
      fake("protocol/x.ts", 'import { streamText } from "ai";'),
      fake("prompt/x.ts", 'export async function f() { return import("../runtime/env"); }'),
      fake("experiments/x.ts", 'export { createAiSdkRunner } from "../runners/ai-sdk";'),
      fake("newfolder/x.ts", 'import { z } from "zod";'),
    ];
    for (const source of cases) expect(violations([source]), source.file).toHaveLength(1);
    expect(violations([fake("runners/mastra/y.ts", 'import { linkAbort } from "../toolkit/abort";\nimport type { Runner } from "../types";')])).toEqual([]);
  });
});
