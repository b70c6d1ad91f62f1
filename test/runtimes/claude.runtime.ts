/**
 * The Claude Agent SDK runner on the server runtimes: the process build (src/process.ts,
 * `npm run build:process`) served by Node, Bun and Deno through the same entries as the
 * default bundle, against the fake Anthropic API with the real SDK and Claude Code
 * executable: a streamed `claude/*` run, a client abort that stops the Claude Code process
 * and the model call, and the signed `POST /runner` endpoint.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { buildBundle } from "../../scripts/build";
import { sign, signTimestamped } from "../../src/crypto";
import { WAIT } from "../helpers/wait";
import { post, readLines, SECRET, serverVars, stopServerChecked, textJob, type CaseContext } from "./cases";
import { CACHE_DIR, REPO, startServer, type OtherBuild, type RunningServer, type RuntimeName } from "./targets";

const BUILD_DIR = resolve(CACHE_DIR, "claude-build");
/** docs/claude-agent-sdk.md: Deno runs the SDK with subprocesses, files, sys and the whole environment. */
const DENO_PERMISSIONS = ["--allow-env", "--allow-read", "--allow-write", "--allow-run", "--allow-sys"];
const RUNNER_SECRET = "runtime-matrix-runner-secret";

const fakes = inject("fakesOrigin");
let build: OtherBuild;

beforeAll(async () => {
  mkdirSync(BUILD_DIR, { recursive: true });
  cpSync(resolve(REPO, "runtimes"), resolve(BUILD_DIR, "runtimes"), { recursive: true });
  await buildBundle({ quiet: true, entry: resolve(REPO, "src/process.ts"), outfile: resolve(BUILD_DIR, "dist/index.js"), platform: "node" });
  build = { dir: BUILD_DIR, denoPermissions: DENO_PERMISSIONS };
}, 120_000);

/** Processes whose parent is `pid` (the server's children, whatever their process group). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

for (const runtime of ["node", "bun", "deno"] as const satisfies readonly RuntimeName[]) {
  describe.skipIf(!inject("claudeSdkDir"))(`${runtime}, process build with the Claude Agent SDK runner`, () => {
    let server: RunningServer | undefined;
    const ctx = () => ({ runtime, server: server!, fakes }) as CaseContext;

    beforeAll(async () => {
      const vars = {
        ...serverVars(runtime, fakes),
        ANTHROPIC_API_KEY: "sk-ant-runtime-matrix",
        ANTHROPIC_BASE_URL: `${fakes}/anthropic`,
        AGENTMARK_CLAUDE_SDK_DIR: inject("claudeSdkDir"),
        AGENTMARK_RUNNER_SECRET: RUNNER_SECRET,
      };
      server = await startServer(runtime, vars, { build, timeoutMs: 60_000 });
    }, 90_000);

    afterAll(() => stopServerChecked(runtime, server), 10_000);

    it("a streamed claude/* prompt-run through Claude Code and the fake Anthropic API: the first line arrives while the model is still answering", async () => {
      const gateId = crypto.randomUUID();
      const said = "alpha bravo charlie delta echo foxtrot golf hotel";
      const res = await post(ctx(), textJob("claude/claude-fake", `[[gate:${gateId}]] [[say:${said}]]`), { signal: AbortSignal.timeout(60_000) });
      expect(res.status, server!.output().slice(-2000)).toBe(200);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      // The fake holds the answer after its first delta: the first line must reach us before it goes on.
      let text = "";
      while (!text.includes("\n")) text += (await reader.read()).value ?? "";
      expect(JSON.parse(text.slice(0, text.indexOf("\n")))).toEqual({ type: "text", result: "alpha " });
      await fetch(`${fakes}/anthropic/_gate/${gateId}`, { method: "POST" });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += value;
      }
      const lines = text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => (typeof l.result === "string" ? l.result : "")).join("")).toBe(said);
      expect(lines.at(-1)).toMatchObject({ type: "text", finishReason: "stop", usage: { inputTokens: 11, outputTokens: 7 } });
      await vi.waitFor(() => expect(childrenOf(server!.pid), "the Claude Code process is gone").toEqual([]), WAIT);
    }, 60_000);

    it("a client abort mid-stream stops the Claude Code process and cancels the model call", async () => {
      const id = crypto.randomUUID();
      const controller = new AbortController();
      const res = await post(ctx(), textJob("claude/claude-fake+slow-tokens", id), { signal: controller.signal });
      expect(res.status).toBe(200);
      await readLines(res, { stopAfter: 2 });
      expect(childrenOf(server!.pid).length, "a Claude Code process is running").toBeGreaterThan(0);
      controller.abort();
      await vi.waitFor(async () => expect((await (await fetch(`${fakes}/_control/aborted`)).json()) as string[], "the model call was aborted at the fake").toContainEqual(expect.stringContaining(id)), WAIT);
      await vi.waitFor(() => expect(childrenOf(server!.pid), "the Claude Code process is gone").toEqual([]), WAIT);
    }, 60_000);

    it("POST /runner: a signed remote run streams agent events; a bad signature is 401", async () => {
      const prompt = { kind: "text", name: "r", messages: [{ role: "user", content: "remote hello" }], text_config: { model_name: "local/echo" } };
      const body = JSON.stringify({ v: 1, prompt, stream: true });
      const { timestamp, signature } = await signTimestamped(RUNNER_SECRET, body);
      const headers = { "content-type": "application/json", "x-agentmark-runner-timestamp": timestamp };
      const res = await fetch(`${server!.url}/runner`, { method: "POST", body, headers: { ...headers, "x-agentmark-runner-signature-256": signature } });
      expect(res.status).toBe(200);
      // Agent events, not the webhook's wire lines.
      const events = (await readLines(res)) as unknown as Array<Record<string, unknown>>;
      expect(events.filter((e) => e.type === "text-delta").map((e) => e.text).join("")).toBe("(local model) You said: remote hello");
      expect(events.at(-1)).toMatchObject({ type: "finish", reason: "stop" });
      const forged = await fetch(`${server!.url}/runner`, { method: "POST", body, headers: { ...headers, "x-agentmark-runner-signature-256": await sign(SECRET, body) } });
      expect(forged.status).toBe(401);
      expect(await forged.json()).toEqual({ message: "Invalid signature: it does not match the request" });
    });
  });
}
