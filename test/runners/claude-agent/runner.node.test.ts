/**
 * The Claude Agent SDK runner beyond the shared conformance suite, with the real SDK and
 * Claude Code executable against the fake Anthropic API: how prompts map to the session,
 * Claude Code's own failures, and the safety rules: no built-in tools unless named, no call
 * anywhere but the model API (an HTTPS proxy that records every other call), each run's own
 * folder and environment, no process left after a run ends however it ends, and at most N
 * processes at once (dataset runs too). Processes are found in /proc by their working
 * directory, which is under each test's own scratch folder.
 */
import { tool } from "ai";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { createApp } from "../../../src/app";
import { defineConfig } from "../../../src/config";
import { builtinEvals } from "../../../src/experiments/builtin-evals";
import type { AgentEvent } from "../../../src/protocol/agent-events";
import type { ChatMessage, CompiledObjectPrompt, CompiledTextPrompt, TextConfig } from "../../../src/prompt/types";
import { createClaudeAgentRunner, type ClaudeAgentRunnerOptions } from "../../../src/runners/claude-agent";
import { CUT_AND_RETRIED } from "../../../src/runners/claude-agent/events";
import { startRun } from "../../../src/runners/dispatch";
import type { RunContext } from "../../../src/runners/types";
import { ndjsonLines, signedRequest, TEST_SECRET } from "../../helpers/signed";
import { collect, textOf } from "../../helpers/events";

const origin = inject("fakesOrigin");
const sdkDir = inject("claudeSdkDir");
const KEY = "sk-ant-runner-test-0123456789";
const WEBHOOK_SECRET = "webhook-secret-must-never-reach-claude";
const CANARY = "canary-value-of-the-server-process";
process.env.AGENTMARK_CLAUDE_TEST_CANARY = CANARY;

/** The deployment's environment; HTTPS_PROXY sends any call Claude Code makes elsewhere to the fakes, which record it. */
const env = {
  AGENTMARK_WEBHOOK_SECRET: WEBHOOK_SECRET,
  AGENTMARK_LOG_LEVEL: "silent",
  ANTHROPIC_API_KEY: KEY,
  ANTHROPIC_BASE_URL: `${origin}/anthropic`,
  HTTPS_PROXY: origin,
  HTTP_PROXY: origin,
  NO_PROXY: "127.0.0.1,localhost",
  AGENTMARK_CLAUDE_TEST_CANARY: CANARY,
};
const PROXY_VARIABLES = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"];

const scratchDirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "claude-runner-test-"));
  scratchDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function runnerIn(dir: string, options: ClaudeAgentRunnerOptions = {}) {
  return createClaudeAgentRunner({ sdkDir, scratchDir: dir, passEnv: PROXY_VARIABLES, ...options });
}

const uid = () => `r${crypto.randomUUID().slice(0, 8)}`;
const ctx = (over: Partial<RunContext> = {}): RunContext => ({ signal: new AbortController().signal, stream: true, env, ...over });

function textPrompt(model: string, user: string, config: Partial<TextConfig> = {}, messages?: ChatMessage[]): CompiledTextPrompt {
  return {
    kind: "text",
    name: "claude-text",
    messages: messages ?? [
      { role: "system", content: "You are a terse assistant." },
      { role: "user", content: user },
    ],
    text_config: { model_name: model, ...config },
  };
}

const only = <T extends AgentEvent["type"]>(events: readonly AgentEvent[], type: T) =>
  events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);

interface Recorded {
  method: string;
  path: string;
  body: string;
}
async function requestsWith(marker: string): Promise<Array<Record<string, any>>> {
  const all = (await (await fetch(`${origin}/_control/requests`)).json()) as Recorded[];
  return all.filter((r) => r.path.startsWith("/anthropic/") && r.body.includes(marker)).map((r) => JSON.parse(r.body));
}

/** Claude Code processes running in a run folder under `dir` (by their working directory), with that folder. */
function claudeProcesses(dir: string): Array<{ pid: number; workspace: string }> {
  const out: Array<{ pid: number; workspace: string }> = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd.startsWith(`${dir}/`)) out.push({ pid: Number(entry), workspace: cwd.slice(dir.length + 1).split("/")[0]! });
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

function environOf(pid: number): Record<string, string> {
  const pairs = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
}

/** After a run has ended: no process of it is left, and its folder is gone. */
function expectNothingLeft(dir: string): void {
  expect(claudeProcesses(dir)).toEqual([]);
  expect(readdirSync(dir)).toEqual([]);
}

afterEach(async () => {
  // Claude Code made no call besides the model API (telemetry, updates, feature flags…).
  const unexpected = (await (await fetch(`${origin}/_control/unexpected`)).json()) as string[];
  expect(unexpected.filter((u) => u.startsWith("CONNECT") || u.includes("anthropic"))).toEqual([]);
});

describe.skipIf(!sdkDir)("the session a prompt becomes", () => {
  it("System → system prompt, the user turn as written, no built-in tool offered, nothing called but the model API", { timeout: 60_000 }, async () => {
    const dir = scratch();
    const id = uid();
    const events = await collect(startRun(runnerIn(dir), textPrompt("claude/claude-fake", `${id} [[say:Bonjour]]`), ctx()));
    expect(textOf(events)).toBe("Bonjour");
    const [request] = await requestsWith(id);
    expect(request!.model).toBe("claude-fake");
    expect(JSON.stringify(request!.system)).toContain("You are a terse assistant.");
    const offered = (request!.tools as Array<{ name: string; defer_loading?: boolean }>).filter((t) => !t.defer_loading).map((t) => t.name);
    expect(offered).toEqual([]);
    expectNothingLeft(dir);
  });

  it("a built-in tool is offered only when the config names it", { timeout: 60_000 }, async () => {
    const dir = scratch();
    const id = uid();
    await collect(startRun(runnerIn(dir, { builtinTools: ["WebFetch"] }), textPrompt("claude/claude-fake", `${id} [[say:ok]]`), ctx()));
    const [request] = await requestsWith(id);
    const offered = (request!.tools as Array<{ name: string; defer_loading?: boolean }>).filter((t) => !t.defer_loading).map((t) => t.name);
    expect(offered).toEqual(["WebFetch"]);
  });

  it("slash commands and @file mentions in the prompt are sent as text, not run", { timeout: 60_000 }, async () => {
    const dir = scratch();
    const id = uid();
    const user = `/compact ${id} please read @/etc/passwd`;
    const events = await collect(startRun(runnerIn(dir), textPrompt("claude/claude-fake", user), ctx({ stream: false })));
    const [request] = await requestsWith(id);
    const sent = JSON.stringify(request!.messages);
    expect(sent).toContain(`/compact ${id} please read @/etc/passwd`);
    expect(sent).not.toContain("root:x:0:0");
    expect(textOf(events)).toContain(`/compact ${id}`);
  });

  it("earlier turns of the prompt reach Claude as a transcript before the last user message", { timeout: 60_000 }, async () => {
    const dir = scratch();
    const id = uid();
    const messages: ChatMessage[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is 2+2?" },
      { role: "assistant", content: "4" },
      { role: "user", content: `${id} and 3+3? [[say:6]]` },
    ];
    const events = await collect(startRun(runnerIn(dir), textPrompt("claude/claude-fake", "", {}, messages), ctx()));
    expect(textOf(events)).toBe("6");
    const [request] = await requestsWith(id);
    const sent = JSON.stringify(request!.messages);
    expect(sent).toContain("User: What is 2+2?");
    expect(sent).toContain("Assistant: 4");
  });

  it("an image attachment reaches Claude as a Messages API image block", { timeout: 60_000 }, async () => {
    const id = uid();
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    const messages: ChatMessage[] = [
      {
        role: "user",
        content: [
          { type: "text", text: `${id} what is in this picture? [[say:a dot]]` },
          { type: "image", image: `data:image/png;base64,${png}` },
        ],
      },
    ];
    const events = await collect(startRun(runnerIn(scratch()), textPrompt("claude/claude-fake", "", {}, messages), ctx()));
    expect(textOf(events)).toBe("a dot");
    const [request] = await requestsWith(id);
    const user = (request!.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>).find((m) => m.role === "user")!;
    expect(user.content).toContainEqual(expect.objectContaining({ type: "image", source: expect.objectContaining({ type: "base64", media_type: "image/png" }) }));
  });

  it("thinking arrives as reasoning deltas, streamed or not", { timeout: 60_000 }, async () => {
    const runner = runnerIn(scratch());
    for (const stream of [true, false]) {
      const events = await collect(startRun(runner, textPrompt("claude/claude-fake+thinking", `${uid()} [[say:done]]`), ctx({ stream })));
      expect(only(events, "reasoning-delta").map((e) => e.text).join("")).toBe("Let me think about this.");
      expect(textOf(events)).toBe("done");
      expect(events.at(-1)?.type).toBe("finish");
    }
  });

  it("an object prompt sends its schema as Claude Code's structured output", { timeout: 60_000 }, async () => {
    const id = uid();
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false };
    const prompt: CompiledObjectPrompt = {
      kind: "object",
      name: "claude-object",
      messages: [{ role: "user", content: `${id} [[json:{"city":"Paris"}]]` }],
      object_config: { model_name: "claude/claude-fake", schema },
    };
    const events = await collect(startRun(runnerIn(scratch()), prompt, ctx()));
    expect(only(events, "object-final")).toEqual([{ type: "object-final", value: { city: "Paris" } }]);
    const [request] = await requestsWith(id);
    const structured = (request!.tools as Array<{ name: string; input_schema: unknown }>).find((t) => t.name === "StructuredOutput");
    expect(structured?.input_schema).toEqual(schema);
  });
});

describe.skipIf(!sdkDir)("Claude Code's failures are one terminal error with its message", () => {
  it.each([
    ["claude-fake+fail-429", /429/],
    ["claude-fake+fail-529", /529 Overloaded/],
    ["claude-fake+stream-error", /Overloaded/],
  ])("%s", { timeout: 60_000 }, async (model, message) => {
    const events = await collect(startRun(runnerIn(scratch()), textPrompt(`claude/${model}`, uid(), { max_retries: 0 }), ctx()));
    expect(only(events, "error")).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: "error", error: expect.stringMatching(message) });
    expect(only(events, "finish")).toEqual([]);
  });

  it("max_calls → max turns: a tool loop stops after that many model calls with Claude Code's error", { timeout: 60_000 }, async () => {
    const id = uid();
    const sum = tool({ description: "Add", inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b });
    const events = await collect(
      startRun(runnerIn(scratch(), { tools: { sum } }), textPrompt("claude/claude-fake+tool-loop", `${id} [[call:sum {"a":1,"b":2}]]`, { tools: ["sum"], max_calls: 2 }), ctx()),
    );
    expect(events.map((e) => e.type)).toEqual(["tool-call", "tool-result", "tool-call", "tool-result", "error"]);
    expect(events.at(-1)).toEqual({ type: "error", error: expect.stringContaining("maximum number of turns (2)") });
    expect(await requestsWith(id)).toHaveLength(2);
  });

  it("a stream cut after partial text: that text, then one terminal error with Claude Code's message", { timeout: 60_000 }, async () => {
    const gateId = uid();
    const events: AgentEvent[] = [];
    // The fake holds the cut until both deltas have reached us: nothing here depends on timing.
    for await (const event of startRun(runnerIn(scratch()), textPrompt("claude/claude-fake+cut-stream", `[[gate:${gateId}]] [[say:one two three four]]`, { max_retries: 0 }), ctx())) {
      events.push(event);
      if (textOf(events) === "one two ") await fetch(`${origin}/anthropic/_gate/${gateId}`, { method: "POST" });
    }
    expect(textOf(events)).toBe("one two ");
    expect(only(events, "error")).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: "error", error: expect.stringMatching(/^API Error: Connection .*(lost|dropped)/) });
  });

  it("a retried stream cannot continue a partial answer: one terminal error after the partial text", { timeout: 60_000 }, async () => {
    // One retry allowed: the cut stream is asked again, and the retried answer starts over.
    // The fake cuts the first attempt only once its two deltas have reached us, and holds the retry.
    const gateId = uid();
    const events: AgentEvent[] = [];
    for await (const event of startRun(runnerIn(scratch()), textPrompt("claude/claude-fake+cut-stream", `[[gate:${gateId}]] [[say:one two three four]]`, { max_retries: 1 }), ctx())) {
      events.push(event);
      if (textOf(events) === "one two ") await fetch(`${origin}/anthropic/_gate/${gateId}`, { method: "POST" });
    }
    expect(textOf(events)).toBe("one two ");
    expect(events.at(-1)).toEqual({ type: "error", error: CUT_AND_RETRIED });
  });

  it("a max_calls beyond the limit, an unknown model or tool, or a missing key are refused before anything starts", () => {
    const runner = runnerIn(scratch());
    expect(() => startRun(runner, textPrompt("claude/claude-fake", "x", { max_calls: 1000 }), ctx())).toThrow(/at most 100/);
    expect(() => startRun(runner, textPrompt("claude/claude-fake", "x", { max_retries: 50 }), ctx())).toThrow(/at most 10\./);
    expect(() => startRun(runner, textPrompt("claude/claude-fake", "x", { tools: ["nope"] }), ctx())).toThrow(/Tool 'nope'/);
    expect(() => startRun(runner, textPrompt("claude/claude-fake", "x"), ctx({ env: { ...env, ANTHROPIC_API_KEY: "" } }))).toThrow(/ANTHROPIC_API_KEY is not configured/);
    expect(runner.handles("openai/gpt-4o")).toBe(false);
  });

  it("an SDK that is not installed fails the run with how to install it (streamed: in-band; not: a 500)", async () => {
    const empty = scratch();
    const app = createApp(defineConfig({ runners: [createClaudeAgentRunner({ sdkDir: empty })] }));
    const ast = {
      type: "root",
      children: [
        { type: "yaml", value: "name: t\ntext_config:\n  model_name: claude/claude-fake" },
        { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "hi" }] }] },
      ],
    };
    const streamed = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast } }), { ...env, AGENTMARK_WEBHOOK_SECRET: TEST_SECRET });
    expect(streamed.status).toBe(200);
    const lines: Array<{ type: string; error?: string }> = [];
    for await (const line of ndjsonLines(streamed)) lines.push(line as (typeof lines)[number]);
    expect(lines).toEqual([{ type: "error", error: expect.stringMatching(/Claude Agent SDK is not installed .*npm run claude:install/) }]);
    const whole = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast, options: { shouldStream: false } } }), { ...env, AGENTMARK_WEBHOOK_SECRET: TEST_SECRET });
    expect(whole.status).toBe(500);
    expect(((await whole.json()) as { message: string }).message).toMatch(/Claude Agent SDK is not installed .*npm run claude:install/);
  });

  it("image and speech prompts are refused by the core: Claude does not make them", async () => {
    const app = createApp(defineConfig({ runners: [runnerIn(scratch())] }));
    for (const [kind, tag] of [
      ["image", "ImagePrompt"],
      ["speech", "SpeechPrompt"],
    ]) {
      const ast = {
        type: "root",
        children: [
          { type: "yaml", value: `name: m\n${kind}_config:\n  model_name: claude/claude-fake` },
          { type: "mdxJsxFlowElement", name: tag, attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "x" }] }] },
        ],
      };
      const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast } }), { ...env, AGENTMARK_WEBHOOK_SECRET: TEST_SECRET });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ message: `Runner "claude-agent" does not support ${kind} prompts.` });
    }
  });
});

describe.skipIf(!sdkDir)("safe by default", () => {
  it("the process runs in its own empty folder with its own HOME and only the variables it needs", { timeout: 60_000 }, async () => {
    const dir = scratch();
    const events: AgentEvent[] = [];
    let seen: { pid: number; workspace: string } | undefined;
    let environ: Record<string, string> = {};
    let cwdFiles: string[] = [];
    for await (const event of startRun(runnerIn(dir), textPrompt("claude/claude-fake+slow-tokens", uid()), ctx())) {
      events.push(event);
      if (events.length === 1) {
        [seen] = claudeProcesses(dir);
        environ = environOf(seen!.pid);
        cwdFiles = readdirSync(join(dir, seen!.workspace, "work"));
      }
      if (events.length === 3) break;
    }
    expect(seen).toBeDefined();
    expect(cwdFiles).toEqual([]);
    expect(environ.HOME).toBe(join(dir, seen!.workspace, "home"));
    expect(environ.TMPDIR).toBe(join(dir, seen!.workspace, "tmp"));
    expect(environ.ANTHROPIC_API_KEY).toBe(KEY);
    expect(environ.DISABLE_TELEMETRY).toBe("1");
    expect(environ.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC).toBe("1");
    const blob = JSON.stringify(environ);
    expect(blob).not.toContain(WEBHOOK_SECRET);
    expect(blob).not.toContain(CANARY);
    expect(Object.keys(environ).filter((name) => name.startsWith("AGENTMARK_"))).toEqual([]);
    expectNothingLeft(dir);
  });

  it.each([
    ["the caller aborts mid-stream", "abort"],
    ["the consumer stops reading", "break"],
    ["the run finishes", "finish"],
  ] as const)("no process and no folder is left when %s", { timeout: 60_000 }, async (_label, how) => {
    const dir = scratch();
    const controller = new AbortController();
    const events: AgentEvent[] = [];
    let pids: number[] = [];
    const model = how === "finish" ? "claude/claude-fake+paced" : "claude/claude-fake+slow-tokens";
    for await (const event of startRun(runnerIn(dir), textPrompt(model, `${uid()} [[say:a b c d e]]`), ctx({ signal: controller.signal }))) {
      events.push(event);
      if (events.length === 1) pids = claudeProcesses(dir).map((p) => p.pid);
      if (events.length === 2 && how === "abort") controller.abort();
      if (events.length === 2 && how === "break") break;
    }
    expect(pids.length).toBeGreaterThan(0);
    if (how === "abort") expect(events.at(-1)).toMatchObject({ type: "error", error: expect.stringMatching(/aborted/) });
    if (how === "finish") expect(events.at(-1)?.type).toBe("finish");
    expectNothingLeft(dir);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });

  it("a run longer than timeoutMs ends with an error, and its process and folder are gone", { timeout: 60_000 }, async () => {
    const dir = scratch();
    // 200 tokens 50 ms apart: about 10 s of answer, against a 3 s limit.
    const events = await collect(startRun(runnerIn(dir, { timeoutMs: 3000 }), textPrompt("claude/claude-fake+slow-tokens", uid()), ctx()));
    expect(events.at(-1)).toEqual({ type: "error", error: "The Claude run took longer than its limit of 3 s (timeoutMs) and was stopped." });
    expect(only(events, "error")).toHaveLength(1);
    expectNothingLeft(dir);
  });

  it("at most maxConcurrency processes run at once; the others wait and then run", { timeout: 120_000 }, async () => {
    const dir = scratch();
    const runner = runnerIn(dir, { maxConcurrency: 2 });
    let done = false;
    let maxRunning = 0;
    let maxQueued = 0;
    const watching = (async () => {
      while (!done) {
        maxRunning = Math.max(maxRunning, readdirSync(dir).length, new Set(claudeProcesses(dir).map((p) => p.workspace)).size);
        maxQueued = Math.max(maxQueued, runner.slots.queued);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const runs = await Promise.all(
      Array.from({ length: 5 }, (_, i) => collect(startRun(runner, textPrompt("claude/claude-fake+paced", `${uid()} [[say:run ${i} is done]]`), ctx()))),
    );
    done = true;
    await watching;
    expect(runs.map(textOf)).toEqual(Array.from({ length: 5 }, (_, i) => `run ${i} is done`));
    expect(maxRunning).toBeLessThanOrEqual(2);
    expect(maxRunning).toBeGreaterThan(0);
    expect(maxQueued).toBeGreaterThanOrEqual(1);
    expectNothingLeft(dir);
  });

  it("a dataset run respects the cap too, and its rows are scored by the evals", { timeout: 120_000 }, async () => {
    const dir = scratch();
    const runner = runnerIn(dir, { maxConcurrency: 1 });
    const dataset = ["Paris", "Rome", "Oslo"].map((city) => JSON.stringify({ input: { question: `[[say:${city}]]` }, expected_output: city })).join("\n");
    const app = createApp(defineConfig({ runners: [runner], evals: { ...builtinEvals }, datasets: { "cities.jsonl": dataset } }));
    const ast = {
      type: "root",
      children: [
        { type: "yaml", value: "name: cities\ntext_config:\n  model_name: claude/claude-fake+paced\ntest_settings:\n  dataset: cities.jsonl\n  evals: [exact_match]" },
        { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "mdxTextExpression", value: "props.question" }] }] },
      ],
    };
    let done = false;
    let maxRunning = 0;
    const watching = (async () => {
      while (!done) {
        maxRunning = Math.max(maxRunning, readdirSync(dir).length);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const res = await app.fetch(await signedRequest({ type: "dataset-run", data: { ast, concurrency: 3 } }), { ...env, AGENTMARK_WEBHOOK_SECRET: TEST_SECRET });
    const rows: Array<{ type: string; result: { actualOutput: string; evals: Array<{ name: string; passed: boolean }> } }> = [];
    for await (const line of ndjsonLines(res)) rows.push(line as (typeof rows)[number]);
    done = true;
    await watching;
    expect(rows.map((r) => r.result.actualOutput).sort()).toEqual(["Oslo", "Paris", "Rome"]);
    expect(rows.every((r) => r.result.evals[0]!.name === "exact_match" && r.result.evals[0]!.passed)).toBe(true);
    expect(maxRunning).toBe(1);
    expectNothingLeft(dir);
  });
});
