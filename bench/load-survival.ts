/**
 * `npm run load` — the load suite of issue #13 (a benchmark: never in CI or `npm test`).
 *
 * Against the one bundle on the Node entry and in workerd (Miniflare serving dist/index.js,
 * the runtime matrix's launcher in test/runtimes/targets.ts; no `wrangler dev`):
 *   1. 50, 200 and 1000 concurrent streamed prompt-runs with the local model, five rounds each:
 *      errors (every run must end with its finish line), p50/p99 time to the first line, and
 *      the server's RSS before the first round and after the fifth;
 *   2. 1000 concurrent streamed prompt-runs through the AI SDK runner against the fake OpenAI
 *      (test/fakes) where half the streams stall after their first token, and the client leaves
 *      once it has that token, and half are cut mid-stream by the provider: the cut ones must
 *      end with one in-band error line (planned), nothing else may fail (unplanned), and every
 *      stalled call must be aborted upstream (counted at the fake).
 * Options: --targets=node,workerd --levels=50,200,1000 --rounds=5 --fake=1000.
 * The machine is shared: figures vary with its load; errors and aborts must not.
 */
import { sign } from "../src/crypto";
import { buildBundle } from "../scripts/build";
import { startFakes } from "../test/fakes/server";
import { ndjsonLines } from "../test/helpers/signed";
import { groupRssMiB, REPO, startServer, type RunningServer, type RuntimeName } from "../test/runtimes/targets";

const SECRET = "load-suite-secret";
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const TARGETS = (args.get("targets") ?? "node,workerd").split(",") as RuntimeName[];
const LEVELS = (args.get("levels") ?? "50,200,1000").split(",").map(Number);
const ROUNDS = Number(args.get("rounds") ?? 5);
const FAKE = Number(args.get("fake") ?? 1000);

function job(model: string, said: string) {
  return JSON.stringify({
    type: "prompt-run",
    data: {
      ast: {
        type: "root",
        children: [
          { type: "yaml", value: `name: load\ntext_config:\n  model_name: ${model}\n  max_retries: 0` },
          { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: said }] }] },
        ],
      },
      options: { shouldStream: true },
    },
  });
}

interface RunResult {
  firstLineMs?: number;
  lines: Array<{ type?: string }>;
  status?: number;
  failure?: string;
}

/** One streamed run: time to the first line; `leaveAfter` lines, then the client goes away. */
async function streamedRun(server: RunningServer, body: string, signature: string, leaveAfter = Infinity): Promise<RunResult> {
  const started = performance.now();
  const controller = new AbortController();
  const result: RunResult = { lines: [] };
  try {
    const res = await fetch(`${server.url}/`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-agentmark-signature-256": signature },
      signal: controller.signal,
    });
    result.status = res.status;
    for await (const line of ndjsonLines(res)) {
      result.firstLineMs ??= performance.now() - started;
      result.lines.push(line as { type?: string });
      if (result.lines.length >= leaveAfter) {
        controller.abort();
        break;
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) result.failure = (err as Error).message;
  }
  return result;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : "–");

async function localLevel(server: RunningServer, level: number) {
  const said = Array.from({ length: 20 }, (_, i) => `word${i}`).join(" ");
  const body = job("local/echo", said);
  const signature = await sign(SECRET, body);
  const rssBefore = groupRssMiB(server.pid);
  const firstLines: number[] = [];
  let errors = 0;
  const samples: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const results = await Promise.all(Array.from({ length: level }, () => streamedRun(server, body, signature)));
    for (const r of results) {
      const ok = r.status === 200 && !r.failure && r.lines.at(-1)?.type !== "error" && r.lines.some((l) => "finishReason" in l);
      if (!ok) {
        errors++;
        if (samples.length < 3) samples.push(r.failure ?? JSON.stringify(r.lines.at(-1) ?? r.status));
      }
      if (r.firstLineMs !== undefined) firstLines.push(r.firstLineMs);
    }
  }
  return { level, runs: level * ROUNDS, errors, samples, p50: percentile(firstLines, 50), p99: percentile(firstLines, 99), rssBefore, rssAfter: groupRssMiB(server.pid) };
}

async function fakeModelLevel(server: RunningServer, fakes: string) {
  const tag = `load-${Date.now().toString(36)}`;
  const stalled = Math.floor(FAKE / 2);
  const runs = Array.from({ length: FAKE }, (_, i) => {
    const stall = i < stalled;
    const model = stall ? "openai/stall" : "openai/disconnect-mid-stream";
    return { stall, body: job(model, `${tag}-${i} [[say:one two three four five six]]`) };
  });
  const signed = await Promise.all(runs.map(async (r) => ({ ...r, signature: await sign(SECRET, r.body) })));
  const results = await Promise.all(signed.map((r) => streamedRun(server, r.body, r.signature, r.stall ? 1 : Infinity)));
  let planned = 0;
  let unplanned = 0;
  const samples: string[] = [];
  results.forEach((r, i) => {
    const { stall } = signed[i]!;
    const ok = r.status === 200 && !r.failure && (stall ? r.lines.length >= 1 && r.lines[0]!.type !== "error" : r.lines.at(-1)?.type === "error");
    if (!stall && ok) planned++;
    if (!ok) {
      unplanned++;
      if (samples.length < 3) samples.push(r.failure ?? JSON.stringify(r.lines.at(-1) ?? r.status));
    }
  });
  // Every stalled call must be aborted upstream once its client left: count at the fake (wait up to 60 s).
  let aborted = 0;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const list = (await (await fetch(`${fakes}/_control/aborted`)).json()) as string[];
    aborted = list.filter((entry) => entry.includes(tag)).length;
    if (aborted >= stalled) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const p = results.map((r) => r.firstLineMs).filter((v): v is number => v !== undefined);
  return { runs: FAKE, stalled, cut: FAKE - stalled, planned, unplanned, samples, abortedUpstream: aborted, p50: percentile(p, 50), p99: percentile(p, 99) };
}

async function main() {
  process.chdir(REPO);
  await buildBundle({ quiet: true });
  const fakes = await startFakes();
  const report: string[] = [];
  try {
    for (const target of TARGETS) {
      const server = await startServer(target, {
        AGENTMARK_WEBHOOK_SECRET: SECRET,
        AGENTMARK_LOG_LEVEL: "error",
        OPENAI_API_KEY: "sk-load-suite",
        OPENAI_BASE_URL: `${fakes.origin}/openai/v1`,
      });
      let unplanned = 0;
      try {
        report.push(`\n### ${target}\n`, "| concurrent streamed runs (local model) | runs | unplanned errors | first line p50 / p99 ms | RSS before → after (MiB) |", "|---|---|---|---|---|");
        for (const level of LEVELS) {
          const r = await localLevel(server, level);
          unplanned += r.errors;
          report.push(`| ${r.level} × ${ROUNDS} rounds | ${r.runs} | ${r.errors}${r.samples.length ? ` (${r.samples.join("; ")})` : ""} | ${fmt(r.p50)} / ${fmt(r.p99)} | ${r.rssBefore} → ${r.rssAfter} |`);
          console.log(report.at(-1));
        }
        await fetch(`${fakes.origin}/_control/reset`);
        const f = await fakeModelLevel(server, fakes.origin);
        report.push(
          "",
          `| fake model, ${f.runs} concurrent streamed runs | stalled (client leaves after the first line) | cut by the provider: in-band error lines | unplanned errors | stalled calls aborted at the fake | first line p50 / p99 ms |`,
          "|---|---|---|---|---|---|",
          `| AI SDK runner, Responses API | ${f.stalled} | ${f.planned} of ${f.cut} | ${f.unplanned}${f.samples.length ? ` (${f.samples.join("; ")})` : ""} | ${f.abortedUpstream} of ${f.stalled} | ${fmt(f.p50)} / ${fmt(f.p99)} |`,
        );
        console.log(report.slice(-3).join("\n"));
        unplanned += f.unplanned;
        // Issue #13's targets: no unplanned error at any level, and client aborts stop upstream work.
        report.push(
          "",
          `${target}: unplanned errors ${unplanned} (target 0: ${unplanned === 0 ? "met" : "MISSED"}); stalled calls aborted upstream ${f.abortedUpstream} of ${f.stalled} (target all: ${f.abortedUpstream >= f.stalled ? "met" : "MISSED"})`,
        );
        console.log(report.at(-1));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await fakes.close();
  }
  console.log(report.join("\n"));
}

await main();
