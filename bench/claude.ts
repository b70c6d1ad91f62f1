/**
 * The Claude Agent SDK runner and the remote-runner link (issue #11), measured, not tested:
 *
 *   node --import tsx bench/claude.ts [first-line|rss|remote]   (all three by default)
 *
 * Needs the SDK (`npm run claude:install`, or the copy the tests cached: see
 * scripts/claude-sdk.ts). Everything talks to servers on 127.0.0.1 started here.
 *
 * first-line: a signed streamed prompt-run through the app (Node path) on `claude/…`,
 *   against a bench-local fake Anthropic API that notes when the model request arrived and
 *   when its first token left. Per run: request → model request at the fake (Claude Code's
 *   start: spawn, init, the request it builds), fake's first token → first NDJSON text
 *   line (the relay through Claude Code, the SDK and the webhook), and their sum, the time
 *   added to the first line beyond the fake's own first token (which here is immediate).
 *   Also the Claude Code process's own start: spawn → its `system/init` message.
 * rss: K runs at once (K = 1, 2, 4, 8) with a fake that streams for ~4 s; at the peak, the
 *   resident memory of every Claude Code process (VmRSS, /proc) and of the server process;
 *   and the wall time of the K runs (CPU contention on the machine's cores).
 * remote: per-line latency of the remote-runner link. A receiving app (the process build's
 *   app with `/runner`) served over real HTTP on loopback runs a runner that emits 50 lines
 *   5 ms apart and stamps each; the sender is (A) a webhook app whose runner is that same
 *   runner, or (B) a webhook app whose runner is `createRemoteRunner` pointing at the
 *   receiver. Both apps live in this process (one clock); A/B interleaved, 40 runs each.
 */
import { serve } from "@hono/node-server";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureClaudeSdk } from "../scripts/claude-sdk";
import { createApp } from "../src/app";
import { defineConfig } from "../src/config";
import { sign } from "../src/crypto";
import { acceptRemoteRuns } from "../src/handlers/remote-runner";
import type { AgentEvent } from "../src/protocol/agent-events";
import { createClaudeAgentRunner } from "../src/runners/claude-agent";
import { loadClaudeAgentSdk } from "../src/runners/claude-agent/sdk";
import { createRemoteRunner } from "../src/runners/remote";
import type { Runner } from "../src/runners/types";

const which = process.argv[2];
const SECRET = "bench-secret-0123456789abcdef";
const sdkDir = ensureClaudeSdk();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const ms = (x: number) => +x.toFixed(1);

// ---------------------------------------------------------------------------------------------
// A bench-local fake Anthropic Messages API: SSE, notes arrival and first-token times per run.

interface Marks {
  received: number;
  firstToken: number;
}
const marks = new Map<string, Marks>();
let tokenCount = 8;
let tokenGapMs = 0;

const fake = createServer((req, res) => {
  let raw = "";
  req.on("data", (c) => (raw += c));
  req.on("end", async () => {
    const received = performance.now();
    const body = JSON.parse(raw) as { model: string; messages: Array<{ role: string; content: unknown }> };
    const id = /run-[0-9a-f-]+/.exec(JSON.stringify(body.messages))?.[0] ?? "unknown";
    res.writeHead(200, { "content-type": "text/event-stream" });
    const send = (data: Record<string, unknown>) => res.write(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
    send({ type: "message_start", message: { id: `msg_${id}`, type: "message", role: "assistant", model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } });
    send({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    for (let i = 0; i < tokenCount; i++) {
      if (i === 0) marks.set(id, { received, firstToken: performance.now() });
      send({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: `t${i} ` } });
      if (tokenGapMs) await new Promise((r) => setTimeout(r, tokenGapMs));
    }
    send({ type: "content_block_stop", index: 0 });
    send({ type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: tokenCount } });
    send({ type: "message_stop" });
    res.end();
  });
});
await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
const fakeBase = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
const env = { AGENTMARK_WEBHOOK_SECRET: SECRET, AGENTMARK_LOG_LEVEL: "silent", ANTHROPIC_API_KEY: "sk-ant-bench", ANTHROPIC_BASE_URL: fakeBase };

function promptRun(model: string, id: string) {
  const ast = {
    type: "root",
    children: [
      { type: "yaml", value: `name: bench\ntext_config:\n  model_name: ${model}` },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: id }] }] },
    ],
  };
  return JSON.stringify({ type: "prompt-run", data: { ast } });
}

async function signedPost(app: { fetch: (r: Request, e: Record<string, string>) => Response | Promise<Response> }, body: string): Promise<Response> {
  const headers = { "content-type": "application/json", "x-agentmark-signature-256": await sign(SECRET, body) };
  return app.fetch(new Request("http://webhook/", { method: "POST", body, headers }), env);
}

/** Reads the NDJSON body; returns when the first text line arrived and the lines. */
async function readRun(res: Response): Promise<{ firstLine: number; lines: Array<Record<string, unknown>> }> {
  let firstLine = -1;
  let buffer = "";
  const lines: Array<Record<string, unknown>> = [];
  const decoder = new TextDecoder();
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
      buffer = buffer.slice(nl + 1);
      if (firstLine < 0 && typeof line.result === "string") firstLine = performance.now();
      lines.push(line);
    }
  }
  return { firstLine, lines };
}

// ---------------------------------------------------------------------------------------------

async function firstLine(): Promise<void> {
  const RUNS = Number(process.env.RUNS ?? 15);
  const scratch = mkdtempSync(join(tmpdir(), "bench-claude-"));
  const app = createApp(defineConfig({ runners: [createClaudeAgentRunner({ sdkDir, scratchDir: scratch, maxConcurrency: 1 })] }));
  tokenCount = 8;
  tokenGapMs = 0;
  const start: number[] = [];
  const relay: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const id = `run-${crypto.randomUUID()}`;
    const sent = performance.now();
    const { firstLine: at, lines } = await readRun(await signedPost(app, promptRun("claude/bench", id)));
    const mark = marks.get(id)!;
    if (lines.at(-1)?.finishReason !== "stop") throw new Error(`run ${i} did not finish: ${JSON.stringify(lines.at(-1))}`);
    if (i < 2) continue; // warm-up: the first runs pay for loading the SDK
    start.push(mark.received - sent);
    relay.push(at - mark.firstToken);
    total.push(at - sent - (mark.firstToken - mark.received));
  }

  // The executable alone: spawn → system/init, with the runner's settings (no tools, no settings files).
  const sdk = await loadClaudeAgentSdk(sdkDir);
  const init: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 10); i++) {
    const home = mkdtempSync(join(scratch, "init-"));
    let spawnedAt = 0;
    const q = sdk.query({
      prompt: `run-${crypto.randomUUID()}`,
      options: {
        model: "bench",
        tools: [],
        settingSources: [],
        persistSession: false,
        maxTurns: 1,
        cwd: home,
        env: { PATH: process.env.PATH, HOME: home, TMPDIR: home, ANTHROPIC_API_KEY: "sk-ant-bench", ANTHROPIC_BASE_URL: fakeBase, DISABLE_TELEMETRY: "1", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" },
        spawnClaudeCodeProcess: (o) => {
          spawnedAt = performance.now();
          return spawn(o.command, o.args, { cwd: o.cwd, env: o.env, stdio: ["pipe", "pipe", "ignore"] });
        },
      },
    });
    for await (const m of q) {
      if ((m as { type: string; subtype?: string }).type === "system" && (m as { subtype?: string }).subtype === "init") init.push(performance.now() - spawnedAt);
    }
  }
  // A floor in the same run, for how loaded the machine was: a bare `node -e 0`, start to exit.
  const floor: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => spawn(process.execPath, ["-e", "0"], { stdio: "ignore" }).once("exit", () => resolve()));
    floor.push(performance.now() - t0);
  }
  rmSync(scratch, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      bench: "claude-first-line",
      nodeStartToExitFloorMedianMs: ms(median(floor)),
      runs: RUNS,
      requestToModelCallMedianMs: ms(median(start)),
      requestToModelCallP90Ms: ms(p90(start)),
      fakeFirstTokenToFirstLineMedianMs: ms(median(relay)),
      fakeFirstTokenToFirstLineP90Ms: ms(p90(relay)),
      addedToFirstLineMedianMs: ms(median(total)),
      addedToFirstLineP90Ms: ms(p90(total)),
      spawnToInitMedianMs: ms(median(init)),
      spawnToInitP90Ms: ms(p90(init)),
    }),
  );
}

// ---------------------------------------------------------------------------------------------

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

function claudePids(dir: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(`${dir}/`)) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

async function rss(): Promise<void> {
  tokenCount = 80;
  tokenGapMs = 50; // ~4 s of streaming per run: every process is up at the same time
  for (const k of [1, 2, 4, 8]) {
    const scratch = mkdtempSync(join(tmpdir(), "bench-claude-rss-"));
    const app = createApp(defineConfig({ runners: [createClaudeAgentRunner({ sdkDir, scratchDir: scratch, maxConcurrency: k })] }));
    const serverBefore = rssKiB(process.pid);
    let peakClaude = 0;
    let peakProcesses = 0;
    let peakServer = 0;
    let done = false;
    const sampling = (async () => {
      while (!done) {
        const pids = claudePids(scratch);
        let sum = 0;
        for (const pid of pids) {
          try {
            sum += rssKiB(pid);
          } catch {
            // exited between the scan and the read
          }
        }
        if (sum > peakClaude) {
          peakClaude = sum;
          peakProcesses = pids.length;
        }
        peakServer = Math.max(peakServer, rssKiB(process.pid));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const started = performance.now();
    const runs = await Promise.all(Array.from({ length: k }, () => signedPost(app, promptRun("claude/bench", `run-${crypto.randomUUID()}`)).then(readRun)));
    const wall = performance.now() - started;
    done = true;
    await sampling;
    if (!runs.every((r) => r.lines.at(-1)?.finishReason === "stop")) throw new Error(`a run of ${k} did not finish`);
    rmSync(scratch, { recursive: true, force: true });
    console.log(
      JSON.stringify({
        bench: "claude-rss",
        concurrentRuns: k,
        claudeProcessesAtPeak: peakProcesses,
        claudeRssTotalMiB: ms(peakClaude / 1024),
        claudeRssPerRunMiB: ms(peakClaude / 1024 / Math.max(1, peakProcesses)),
        serverRssGrowthMiB: ms((peakServer - serverBefore) / 1024),
        wallMsForAllRuns: Math.round(wall),
        streamingMsPerRun: tokenCount * tokenGapMs,
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------

async function remote(): Promise<void> {
  const LINES = 50;
  const GAP = 5;
  const RUNS = Number(process.env.RUNS ?? 40);
  const produced = new Map<string, number[]>();
  const stamped: Runner = {
    name: "stamped",
    kinds: ["text"],
    handles: (model) => model.startsWith("bench/"),
    async *runText(prompt): AsyncIterable<AgentEvent> {
      const id = String(prompt.messages.at(-1)?.content);
      const times: number[] = [];
      produced.set(id, times);
      for (let i = 0; i < LINES; i++) {
        times.push(performance.now());
        yield { type: "text-delta", text: `l${i} ` };
        await new Promise((r) => setTimeout(r, GAP));
      }
      yield { type: "finish", reason: "stop", usage: { inputTokens: 1, outputTokens: LINES } };
    },
  };
  const receiverConfig = defineConfig({ runners: [stamped] });
  const receiver = acceptRemoteRuns(createApp(receiverConfig), receiverConfig);
  const RUNNER_SECRET = "bench-runner-secret-0123456789";
  const listening = await new Promise<{ port: number; close: () => void }>((resolve) => {
    const server = serve({ fetch: (req) => receiver.fetch(req, { AGENTMARK_RUNNER_SECRET: RUNNER_SECRET, AGENTMARK_LOG_LEVEL: "silent" }), hostname: "127.0.0.1", port: 0 }, (info) =>
      resolve({ port: info.port, close: () => server.close() }),
    );
  });
  const direct = createApp(defineConfig({ runners: [stamped] }));
  const viaRemote = createApp(defineConfig({ runners: [createRemoteRunner({ models: /^bench\// })] }));
  const remoteEnv = { ...env, AGENTMARK_REMOTE_RUNNER_URL: `http://127.0.0.1:${listening.port}`, AGENTMARK_RUNNER_SECRET: RUNNER_SECRET };

  async function lag(app: typeof direct, appEnv: Record<string, string>): Promise<number[]> {
    const id = `run-${crypto.randomUUID()}`;
    const body = promptRun("bench/stamped", id);
    const headers = { "content-type": "application/json", "x-agentmark-signature-256": await sign(SECRET, body) };
    const res = await app.fetch(new Request("http://webhook/", { method: "POST", body, headers }), appEnv);
    const arrivals: number[] = [];
    let buffer = "";
    const decoder = new TextDecoder();
    for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = JSON.parse(buffer.slice(0, nl)) as { result?: string };
        buffer = buffer.slice(nl + 1);
        if (typeof line.result === "string") arrivals.push(performance.now());
      }
    }
    const times = produced.get(id)!;
    if (arrivals.length !== LINES) throw new Error(`expected ${LINES} lines, got ${arrivals.length}`);
    return arrivals.map((at, i) => at - times[i]!);
  }

  for (let i = 0; i < 5; i++) {
    await lag(direct, env);
    await lag(viaRemote, remoteEnv);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(...(await lag(direct, env)));
    b.push(...(await lag(viaRemote, remoteEnv)));
  }
  listening.close();
  console.log(
    JSON.stringify({
      bench: "remote-runner-per-line",
      runs: RUNS,
      linesPerRun: LINES,
      directMedianMs: +median(a).toFixed(3),
      directP90Ms: +p90(a).toFixed(3),
      remoteMedianMs: +median(b).toFixed(3),
      remoteP90Ms: +p90(b).toFixed(3),
      addedPerLineMedianMs: +(median(b) - median(a)).toFixed(3),
    }),
  );
}

if (!which || which === "first-line") await firstLine();
if (!which || which === "rss") await rss();
if (!which || which === "remote") await remote();
fake.close();
