/**
 * Before the Claude Agent SDK tests: the real SDK and Claude Code executable
 * (`ensureClaudeSdk`: the project's install, else a cached one under ~/.cache, installed
 * once), handed to the tests as `claudeSdkDir`. In the workers project it also starts the
 * process build on Node (`npm run build:process`'s build, into a temp folder), talking to the fake
 * Anthropic API, so Worker → remote runner → Node → SDK → fake runs end to end
 * (`claudeProcessOrigin`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildBundle } from "../../../scripts/build";
import { claudeSdkForTests, REPO } from "../../../scripts/claude-sdk";

export const E2E_RUNNER_SECRET = "e2e-runner-secret-0123456789";
export const E2E_ANTHROPIC_KEY = "sk-ant-e2e-0123456789abcdef";

async function startProcessBuild(sdkDir: string, fakesOrigin: string): Promise<{ origin: string; pid: number; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "agentmark-process-build-"));
  const outfile = join(dir, "process.mjs");
  await buildBundle({ quiet: true, entry: join(REPO, "src/process.ts"), outfile, platform: "node" });
  const entry = join(dir, "serve.mjs");
  writeFileSync(
    entry,
    `import { serve } from ${JSON.stringify(join(REPO, "node_modules/@hono/node-server/dist/index.mjs"))};
import app from "./process.mjs";
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => console.log("listening http://127.0.0.1:" + info.port));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`,
  );
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH,
      AGENTMARK_LOG_LEVEL: "error",
      AGENTMARK_RUNNER_SECRET: E2E_RUNNER_SECRET,
      AGENTMARK_CLAUDE_SDK_DIR: sdkDir,
      ANTHROPIC_API_KEY: E2E_ANTHROPIC_KEY,
      ANTHROPIC_BASE_URL: `${fakesOrigin}/anthropic`,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the process build did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => reject(new Error(`the process build exited (${code}):\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    origin,
    pid: child.pid!,
    stop: async () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  const sdkDir = claudeSdkForTests();
  project.provide("claudeSdkDir", sdkDir);
  project.provide("claudeProcessOrigin", "");
  project.provide("claudeRunnerSecret", E2E_RUNNER_SECRET);
  if (project.name !== "workers" || !sdkDir) {
    // Only the workers project reads these; the node project binds nothing from them.
    return;
  }
  const server = await startProcessBuild(sdkDir, project.getProvidedContext().fakesOrigin);
  project.provide("claudeProcessOrigin", server.origin);
  project.provide("claudeRunnerSecret", E2E_RUNNER_SECRET);
  return () => server.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    claudeSdkDir: string;
    claudeProcessOrigin: string;
    claudeRunnerSecret: string;
  }
}
