/**
 * The runner is written against its own narrow view of the Claude Agent SDK (so the template
 * type-checks without the optional install). This type-checks sdk-port.sdk-check.ts with the
 * real SDK's types, resolved from the install the tests use: the view must fit the SDK.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, inject, it } from "vitest";

const REPO = resolve(import.meta.dirname, "../../..");

it.skipIf(!inject("claudeSdkDir"))("the runner's view of the SDK fits the installed SDK's own types", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "claude-sdk-port-"));
  try {
    const tsconfig = join(dir, "tsconfig.json");
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: join(REPO, "tsconfig.json"),
        compilerOptions: {
          types: ["node"],
          typeRoots: [join(REPO, "node_modules/@types")],
          paths: { "@anthropic-ai/claude-agent-sdk": [join(inject("claudeSdkDir"), "node_modules/@anthropic-ai/claude-agent-sdk")] },
        },
        include: [],
        exclude: [],
        files: [join(REPO, "test/runners/claude-agent/sdk-port.sdk-check.ts")],
      }),
    );
    let output = "";
    try {
      execFileSync(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", tsconfig], { encoding: "utf8" });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe("");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
