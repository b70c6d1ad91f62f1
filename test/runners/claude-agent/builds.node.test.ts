/**
 * Where the Claude Agent SDK is, and is not: never in the template's own install or in the
 * edge bundle; in the process bundle only as the runner, the SDK itself being loaded from its
 * optional install folder at run time. Pins are exact.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../../scripts/build";

const REPO = resolve(import.meta.dirname, "../../..");
const out = mkdtempSync(join(tmpdir(), "claude-builds-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const lock = (path: string) => JSON.parse(readFileSync(join(REPO, path), "utf8")) as { packages: Record<string, { version?: string }> };

describe("the Claude Agent SDK stays optional", () => {
  it("the template's own install has no Claude package (a plain npm install never downloads Claude Code)", () => {
    const names = Object.keys(lock("package-lock.json").packages);
    expect(names.filter((name) => /claude-agent-sdk|@anthropic-ai\//.test(name))).toEqual([]);
  });

  it("optional/claude-agent-sdk pins the SDK and its peers exactly, with a lockfile", () => {
    const manifest = JSON.parse(readFileSync(join(REPO, "optional/claude-agent-sdk/package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const version of Object.values(manifest.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const locked = lock("optional/claude-agent-sdk/package-lock.json").packages;
    expect(locked["node_modules/@anthropic-ai/claude-agent-sdk"]?.version).toBe(manifest.dependencies["@anthropic-ai/claude-agent-sdk"]);
    expect(locked["node_modules/@anthropic-ai/claude-agent-sdk-linux-x64"]?.version).toBe(manifest.dependencies["@anthropic-ai/claude-agent-sdk"]);
  });

  it("the edge bundle has neither the runner nor the SDK; the process bundle has the runner and loads the SDK at run time", { timeout: 120_000 }, async () => {
    const edge = await buildBundle({ quiet: true, outfile: join(out, "edge/index.js") });
    expect(edge.inputs.filter((file) => /claude-agent|child_process/.test(file))).toEqual([]);
    const processBuild = await buildBundle({ quiet: true, entry: "src/process.ts", outfile: join(out, "process/index.js"), platform: "node" });
    expect(processBuild.inputs).toContain("src/runners/claude-agent/index.ts");
    expect(processBuild.inputs.filter((file) => file.includes("node_modules/@anthropic-ai/claude-agent-sdk"))).toEqual([]);
  });
});
