/**
 * npm run bench:load [-- --full] — the project against its floors, in one run (issue #14).
 *
 * Builds the project's Node entry and Worker and two floors, then on a 2-core Linux machine
 * (servers pinned to CPU 1, wrk and this harness to CPU 0):
 *   1. load: each server, freshly launched per pass, interleaved floor/project, gets the same
 *      signed non-streaming and streaming prompt-run at c=32; CPU µs/request (the server's
 *      process tree CPU ÷ requests), req/s, p50/p99, RSS, ratio to the same run's floor;
 *   2. memory: the Node entry's live heap after GC over many requests, and its RSS against
 *      the Node floor's after as many requests;
 *   3. cold start: spawn → first 200 on the benchmark POST, project vs bare Hono;
 *   4. the Worker bundle's gzip size.
 * Prints Markdown tables (and whether each target of issue #14 is met) and writes the raw
 * figures as JSON under .cache/bench-load/. A benchmark, not a test: it never fails CI.
 *
 * Default: a quick run (~3 min). `--full`: the issue's method (3 passes × 3 × 10 s runs,
 * 500k requests for memory, 10 cold starts each; ~25 min). `--only=node|workerd`,
 * `--skip=load,memory,cold`, `--passes=N`, `--seconds=N` narrow it while iterating; `--env=NAME=value` adds a setting to the
 * project's targets (e.g. `--env=AGENTMARK_LOG_LEVEL=silent` shows what the log line costs);
 * `--compare=<dir>` measures another checkout (e.g. `git worktree add ../base main && cd ../base &&
 * npm ci`) alongside, interleaved: a before/after on the same machine in the same minutes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { checkAnswer, LOAD_SECRET, loadBodies } from "./bodies";
import { cpuModel, loadAverage, machineCpu, treeCpuSeconds, treeRssBytes } from "./proc";
import { killLiveServers, launch, post, type RunningServer } from "./server";
import { fmt, mb, median, range } from "./stats";
import { buildTargets, REPO, WORKERD_BIN, type Target, type TargetId } from "./targets";
import { killRunningWrk, runWrk, WRK_MISSING, wrkVersion, writeScript, type LoadBody } from "./wrk";

const LOADGEN_CPU = 0;
const SERVER_CPU = 1;

interface Mode {
  name: "quick" | "full";
  passes: number;
  runsPerBody: number;
  runSeconds: number;
  warmupSeconds: number;
  /** c=1 runs (latency without queueing), per body per pass. */
  c1Seconds: number;
  memorySteps: number[];
  coldLaunches: number;
}

const QUICK: Mode = { name: "quick", passes: 2, runsPerBody: 1, runSeconds: 4, warmupSeconds: 2, c1Seconds: 0, memorySteps: [20_000, 40_000, 60_000, 80_000, 100_000], coldLaunches: 3 };
const FULL: Mode = { name: "full", passes: 3, runsPerBody: 3, runSeconds: 10, warmupSeconds: 3, c1Seconds: 5, memorySteps: [100_000, 200_000, 300_000, 400_000, 500_000], coldLaunches: 10 };

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const mode: Mode = {
  ...(args.includes("--full") ? FULL : QUICK),
  ...(option("passes") ? { passes: Number(option("passes")) } : {}),
  ...(option("seconds") ? { runSeconds: Number(option("seconds")) } : {}),
};
const only = option("only")?.split(",") ?? ["node", "workerd"];
const skip = new Set(option("skip")?.split(",") ?? []);
/** `--compare=<dir>`: another checkout of the project (with its node_modules), measured alongside. */
const compareWith = option("compare");
/** `--env=NAME=value` (repeatable): a setting for the project's targets only, for diagnosis. */
const projectEnv = Object.fromEntries(
  args.filter((a) => a.startsWith("--env=")).map((a) => {
    const [name, ...value] = a.slice("--env=".length).split("=");
    return [name!, value.join("=")];
  }),
);

// ---------------------------------------------------------------------------------------
// Preflight: this bench measures CPU per process on Linux with two pinnable CPUs.

function preflight(): { wrk: string; workerd: string } {
  const problems: string[] = [];
  if (process.platform !== "linux" || !existsSync("/proc/stat")) problems.push("bench:load reads /proc: it runs on Linux only.");
  if (cpus().length < 2) problems.push("bench:load needs 2 CPUs (one for the server, one for the load generator).");
  const wrk = wrkVersion();
  if (!wrk) problems.push(WRK_MISSING);
  try {
    execFileSync("taskset", ["-V"], { stdio: "pipe" });
  } catch {
    problems.push("bench:load needs `taskset` (util-linux) to pin processes to CPUs.");
  }
  if (!existsSync(WORKERD_BIN)) problems.push("node_modules/.bin/workerd is missing: run `npm ci` first.");
  if (problems.length > 0) {
    console.error(problems.join("\n\n"));
    process.exit(1);
  }
  return { wrk: wrk!, workerd: execFileSync(WORKERD_BIN, ["--version"], { encoding: "utf8" }).trim() };
}

// ---------------------------------------------------------------------------------------
// Load runs

interface Run {
  target: TargetId;
  pass: number;
  body: string;
  connections: number;
  requests: number;
  reqPerSec: number;
  cpuUsPerReq: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Cores of CPU used by anything but the server and wrk during the run (other tenants). */
  foreignCores: number;
  /** Of that, on the server's CPU. */
  foreignOnServerCpu: number;
  stealCores: number;
}

async function measureRun(server: RunningServer, pass: number, body: LoadBody, script: string, connections: number, seconds: number): Promise<Run> {
  const cpu0 = treeCpuSeconds(server.pid);
  const m0 = machineCpu();
  const t0 = performance.now();
  const wrk = await runWrk({ url: `http://127.0.0.1:${server.port}/`, script, connections, seconds, cpu: LOADGEN_CPU });
  const wall = (performance.now() - t0) / 1000;
  const serverCpu = treeCpuSeconds(server.pid) - cpu0;
  const m1 = machineCpu();
  const errors = wrk.errors.connect + wrk.errors.read + wrk.errors.write + wrk.errors.status + wrk.errors.timeout;
  return {
    target: server.target.id,
    pass,
    body: body.name,
    connections,
    requests: wrk.requests,
    reqPerSec: wrk.requests / (wrk.durationUs / 1e6),
    cpuUsPerReq: (serverCpu / wrk.requests) * 1e6,
    p50Ms: wrk.p50Us / 1000,
    p99Ms: wrk.p99Us / 1000,
    errors,
    foreignCores: Math.max(0, (m1.totalBusy - m0.totalBusy - serverCpu - wrk.wrkCpu) / wall),
    foreignOnServerCpu: Math.max(0, (m1.busy[SERVER_CPU]! - m0.busy[SERVER_CPU]! - serverCpu) / wall),
    stealCores: (m1.steal - m0.steal) / wall,
  };
}

interface PassResult {
  runs: Run[];
  rssBytes: number;
}

async function loadPass(target: Target, pass: number, bodies: LoadBody[], scripts: Map<string, string>): Promise<PassResult> {
  const server = await launch(target, { cpu: SERVER_CPU, probeBody: bodies[0]! });
  try {
    for (const body of bodies) checkAnswer(target, body.name === "streaming", (await post(server.port, body)).body);
    for (const body of bodies) {
      await runWrk({ url: `http://127.0.0.1:${server.port}/`, script: scripts.get(body.name)!, connections: 32, seconds: mode.warmupSeconds, cpu: LOADGEN_CPU });
    }
    const runs: Run[] = [];
    for (const body of bodies) {
      for (let i = 0; i < mode.runsPerBody; i++) runs.push(await measureRun(server, pass, body, scripts.get(body.name)!, 32, mode.runSeconds));
    }
    if (mode.c1Seconds > 0) {
      for (const body of bodies) runs.push(await measureRun(server, pass, body, scripts.get(body.name)!, 1, mode.c1Seconds));
    }
    const rssBytes = treeRssBytes(server.pid);
    for (const body of bodies) checkAnswer(target, body.name === "streaming", (await post(server.port, body)).body);
    if (!server.alive) throw new Error(`${target.id} died during the runs:\n${server.log()}`);
    return { runs, rssBytes };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------
// Memory: heap after GC (Node entry, through the bench's launcher) and RSS at request counts

interface MemoryPoint {
  requests: number;
  rssBytes: number;
  heapUsedBytes?: number;
  heapTotalBytes?: number;
  /** Of the heap total, V8's young generation (it grows with the allocation rate). */
  newSpaceBytes?: number;
  externalBytes?: number;
}

async function memoryRun(target: Target, body: LoadBody, script: string): Promise<MemoryPoint[]> {
  const heapProbe = target.id === "node";
  const server = await launch(target, { cpu: SERVER_CPU, heapProbe, probeBody: body });
  try {
    const points: MemoryPoint[] = [];
    let done = 0;
    let rate = 0; // requests/s of the last segment
    for (const step of mode.memorySteps) {
      while (done < step) {
        // wrk stops its thread at the request bound but still waits out -d: keep segments short.
        const remaining = step - done;
        const seconds = rate > 0 ? Math.min(10, Math.max(1, Math.ceil(remaining / rate))) : 2;
        const wrk = await runWrk({ url: `http://127.0.0.1:${server.port}/`, script, connections: 32, seconds, maxRequests: remaining, cpu: LOADGEN_CPU });
        if (wrk.requests === 0) throw new Error(`${target.id} served no requests in ${seconds} s:\n${server.log()}`);
        if (wrk.requests < remaining) rate = wrk.requests / (wrk.durationUs / 1e6); // ran the whole segment

        done += wrk.requests;
      }
      // The floor gets the same pause as the heap reading takes before its RSS is read.
      const heap = heapProbe ? await server.heapAfterGc() : undefined;
      if (!heap) await new Promise((r) => setTimeout(r, 300));
      points.push({
        requests: done,
        rssBytes: treeRssBytes(server.pid),
        ...(heap ? { heapUsedBytes: heap.heapUsed, heapTotalBytes: heap.heapTotal, newSpaceBytes: heap.spaces.new_space, externalBytes: heap.external } : {}),
      });
    }
    return points;
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------
// Cold start: spawn → first 200 on the benchmark POST, fresh process each time, interleaved

async function coldStarts(targets: Target[], body: LoadBody): Promise<Map<TargetId, number[]>> {
  const times = new Map<TargetId, number[]>(targets.map((t) => [t.id, []]));
  for (let i = -1; i < mode.coldLaunches; i++) {
    for (const target of targets) {
      const server = await launch(target, { cpu: SERVER_CPU, probeBody: body });
      if (i >= 0) times.get(target.id)!.push(server.coldStartMs); // launch -1 warms the page cache
      await server.stop();
    }
  }
  return times;
}

// ---------------------------------------------------------------------------------------
// Report

interface Verdict {
  what: string;
  target: string;
  measured: string;
  met: boolean | undefined;
}

function ratioOf(runs: Run[], project: TargetId, floor: TargetId, body: string, pass?: number): number {
  const pick = (id: TargetId) => runs.filter((r) => r.target === id && r.body === body && r.connections === 32 && (pass === undefined || r.pass === pass)).map((r) => r.cpuUsPerReq);
  return median(pick(project)) / median(pick(floor));
}

interface Group {
  floor: TargetId;
  /** The project (and the compared checkout first, with --compare). */
  projects: TargetId[];
}

function loadTable(runs: Run[], rss: Map<TargetId, number[]>, groups: Group[], labels: Map<TargetId, string>): string {
  const rows = [
    "| server | body | CPU µs/req (median, min–max) | req/s | p50 | p99 | RSS after | × floor (CPU/req) | per-pass × floor | foreign load (cores) |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|---:|",
  ];
  for (const { floor, projects } of groups) {
    for (const id of [floor, ...projects]) {
      const project = id;
      for (const body of ["non-streaming", "streaming"]) {
        const mine = runs.filter((r) => r.target === id && r.body === body && r.connections === 32);
        if (mine.length === 0) continue;
        const cpu = mine.map((r) => r.cpuUsPerReq);
        const [lo, hi] = range(cpu);
        const passes = [...new Set(mine.map((r) => r.pass))];
        const perPass = id !== floor ? passes.map((p) => ratioOf(runs, project, floor, body, p).toFixed(2)).join(" / ") : "";
        const ratio = id !== floor ? `**${ratioOf(runs, project, floor, body).toFixed(2)}×**` : "1";
        const [rLo, rHi] = range(rss.get(id) ?? [Number.NaN]);
        rows.push(
          `| ${labels.get(id)} | ${body} | ${fmt(median(cpu))} (${fmt(lo)}–${fmt(hi)}) | ${fmt(median(mine.map((r) => r.reqPerSec)))} | ${fmt(median(mine.map((r) => r.p50Ms)), 2)} ms | ${fmt(median(mine.map((r) => r.p99Ms)), 1)} ms | ${mb(rLo)}–${mb(rHi)} MB | ${ratio} | ${perPass} | ${fmt(median(mine.map((r) => r.foreignCores)), 2)} |`,
        );
      }
    }
  }
  return rows.join("\n");
}

/** This checkout against the compared one, per runtime and body: CPU/req ratio, overall and per pass. */
function compareTable(runs: Run[], groups: Group[]): string {
  const rows = ["| runtime | body | CPU/req, this ÷ compared | per pass |", "|---|---|---:|---|"];
  for (const { projects } of groups) {
    if (projects.length < 2) continue;
    const [base, mine] = projects as [TargetId, TargetId];
    for (const body of ["non-streaming", "streaming"]) {
      const passes = [...new Set(runs.filter((r) => r.target === mine).map((r) => r.pass))];
      rows.push(`| ${mine} | ${body} | **${ratioOf(runs, mine, base, body).toFixed(2)}×** | ${passes.map((p) => ratioOf(runs, mine, base, body, p).toFixed(2)).join(" / ")} |`);
    }
  }
  return rows.join("\n");
}

function c1Table(runs: Run[], labels: Map<TargetId, string>): string {
  const c1 = runs.filter((r) => r.connections === 1);
  if (c1.length === 0) return "";
  const rows = ["| server | body | req/s | p50 | p99 |", "|---|---|---:|---:|---:|"];
  for (const id of [...new Set(c1.map((r) => r.target))]) {
    for (const body of ["non-streaming", "streaming"]) {
      const mine = c1.filter((r) => r.target === id && r.body === body);
      rows.push(`| ${labels.get(id)} | ${body} | ${fmt(median(mine.map((r) => r.reqPerSec)))} | ${fmt(median(mine.map((r) => r.p50Ms)), 2)} ms | ${fmt(median(mine.map((r) => r.p99Ms)), 1)} ms |`);
    }
  }
  return rows.join("\n");
}

async function main(): Promise<void> {
  const tools = preflight();
  process.chdir(REPO);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const scratch = join(REPO, ".cache/bench-load");
  mkdirSync(scratch, { recursive: true });
  const loadBefore = loadAverage();

  console.log(`bench:load (${mode.name}) — building the targets…`);
  const { targets, bundle, baseBundle } = await buildTargets(scratch, LOAD_SECRET, projectEnv, compareWith);
  const target = (id: TargetId): Target => {
    const found = targets[id];
    if (!found) throw new Error(`no target ${id}`);
    return found;
  };
  const bodies = await loadBodies();
  const bodyList = [bodies.nonStreaming, bodies.streaming];
  const scripts = new Map(bodyList.map((b) => [b.name, writeScript(scratch, b)]));

  // This harness and wrk share CPU 0; the servers get CPU 1.
  execFileSync("taskset", ["-a", "-p", "-c", String(LOADGEN_CPU), String(process.pid)], { stdio: "ignore" });

  const groups: Group[] = [];
  if (only.includes("node")) groups.push({ floor: "floor-node", projects: compareWith ? ["base-node", "node"] : ["node"] });
  if (only.includes("workerd")) groups.push({ floor: "floor-workerd", projects: compareWith ? ["base-workerd", "workerd"] : ["workerd"] });
  const labels = new Map(Object.values(targets).map((t) => [t.id, t.label]));

  // Raw figures, saved after every phase (a long run that is interrupted keeps what it measured).
  const file = join(scratch, `result-${mode.name}-${stamp}.json`);
  const saved: Record<string, unknown> = { mode, tools, loadBefore, bundle, baseBundle, compareWith, projectEnv };
  const save = (more: Record<string, unknown>) => {
    Object.assign(saved, more);
    writeFileSync(file, JSON.stringify(saved, null, 2));
  };
  save({});

  const runs: Run[] = [];
  const rss = new Map<TargetId, number[]>();
  if (!skip.has("load")) {
    for (let pass = 1; pass <= mode.passes; pass++) {
      for (const { floor, projects } of groups) {
        for (const id of [floor, ...projects]) {
          process.stdout.write(`load pass ${pass}/${mode.passes}: ${id}… `);
          const result = await loadPass(target(id), pass, bodyList, scripts);
          runs.push(...result.runs);
          rss.set(id, [...(rss.get(id) ?? []), result.rssBytes]);
          const ns = result.runs.filter((r) => r.body === "non-streaming" && r.connections === 32);
          console.log(`${fmt(median(ns.map((r) => r.cpuUsPerReq)))} µs/req non-streaming, foreign ${fmt(median(ns.map((r) => r.foreignCores)), 2)} cores`);
          save({ runs, rss: Object.fromEntries(rss) });
        }
      }
    }
  }

  let memory: { floor: MemoryPoint[]; node: MemoryPoint[]; base?: MemoryPoint[] } | undefined;
  if (!skip.has("memory") && only.includes("node")) {
    console.log(`memory: ${mode.memorySteps.at(-1)!.toLocaleString("en-US")} requests at c=32 to the Node floor, then to the Node entry${compareWith ? " (compared checkout first)" : ""}…`);
    const floor = await memoryRun(target("floor-node"), bodies.nonStreaming, scripts.get("non-streaming")!);
    save({ memory: { floor } });
    const base = compareWith ? await memoryRun(target("base-node"), bodies.nonStreaming, scripts.get("non-streaming")!) : undefined;
    save({ memory: { floor, base } });
    const node = await memoryRun(target("node"), bodies.nonStreaming, scripts.get("non-streaming")!);
    memory = { floor, node, ...(base ? { base } : {}) };
    save({ memory });
  }

  let cold: Map<TargetId, number[]> | undefined;
  if (!skip.has("cold")) {
    const coldTargets: TargetId[] = [];
    if (only.includes("node")) coldTargets.push("bare-node", ...(compareWith ? (["base-node"] as const) : []), "node", "node-nocache");
    if (only.includes("workerd")) coldTargets.push("bare-workerd", ...(compareWith ? (["base-workerd"] as const) : []), "workerd");
    console.log(`cold start: ${mode.coldLaunches} launches each of ${coldTargets.join(", ")} (interleaved, after one unrecorded round)…`);
    cold = await coldStarts(coldTargets.map(target), bodies.nonStreaming);
    save({ cold: Object.fromEntries(cold) });
  }
  const loadAfter = loadAverage();

  // ---- report ----
  const verdicts: Verdict[] = [];
  const verdict = (what: string, value: number, limit: number, unit = "×") =>
    verdicts.push({ what, target: `≤ ${limit}${unit}`, measured: `${value.toFixed(2)}${unit}`, met: Number.isFinite(value) ? value <= limit : undefined });
  if (runs.length > 0) {
    if (only.includes("node")) {
      verdict("Node, non-streaming CPU/req vs Node floor", ratioOf(runs, "node", "floor-node", "non-streaming"), 2.0);
      verdict("Node, streaming CPU/req vs Node floor", ratioOf(runs, "node", "floor-node", "streaming"), 3.0);
    }
    if (only.includes("workerd")) {
      verdict("workerd, non-streaming CPU/req vs workerd floor", ratioOf(runs, "workerd", "floor-workerd", "non-streaming"), 1.5);
      verdict("workerd, streaming CPU/req vs workerd floor", ratioOf(runs, "workerd", "floor-workerd", "streaming"), 2.5);
    }
  }
  let memoryText = "";
  if (memory) {
    const heaps = memory.node.map((p) => p.heapUsedBytes!);
    const base = heaps[0]!;
    const drift = Math.max(...heaps.map((h) => Math.abs(h - base) / base));
    verdicts.push({
      what: `Node entry live heap after GC, ${memory.node[0]!.requests.toLocaleString("en-US")} → ${memory.node.at(-1)!.requests.toLocaleString("en-US")} requests`,
      target: "flat ±10 %",
      measured: `${heaps.map((h) => mb(h)).join(" → ")} MB (max drift ${(drift * 100).toFixed(1)} %)`,
      met: drift <= 0.1,
    });
    verdict("Node entry RSS vs Node floor after the same requests", memory.node.at(-1)!.rssBytes / memory.floor.at(-1)!.rssBytes, 1.3);
    memoryText = [
      `| requests (c=32) | Node entry live heap after GC | its heap total (new space) / external | Node entry RSS | Node floor RSS |${memory.base ? " compared: heap after GC / RSS |" : ""}`,
      `|---:|---:|---:|---:|---:|${memory.base ? "---:|" : ""}`,
      ...memory.node.map((p, i) => {
        const base = memory!.base?.[i];
        return (
          `| ${p.requests.toLocaleString("en-US")} | ${fmt(p.heapUsedBytes! / 1024 / 1024, 1)} MB | ${mb(p.heapTotalBytes!)} (${mb(p.newSpaceBytes ?? Number.NaN)}) / ${mb(p.externalBytes!)} MB | ${mb(p.rssBytes)} MB | ${mb(memory!.floor[i]?.rssBytes ?? Number.NaN)} MB |` +
          (base ? ` ${fmt(base.heapUsedBytes! / 1024 / 1024, 1)} / ${mb(base.rssBytes)} MB |` : "")
        );
      }),
    ].join("\n");
  }
  let coldText = "";
  if (cold) {
    const m = (id: TargetId) => median(cold!.get(id) ?? []);
    if (only.includes("workerd")) verdict("workerd cold start vs bare-Hono workerd floor", m("workerd") / m("bare-workerd"), 3.0);
    if (only.includes("node")) verdict("Node cold start vs bare-Hono Node floor", m("node") / m("bare-node"), 1.5);
    coldText = [
      `| server | spawn → first 200, median of ${mode.coldLaunches} | min – max | × bare floor |`,
      "|---|---:|---:|---:|",
      ...[...cold.entries()].map(([id, xs]) => {
        const floor = target(id).runtime === "node" ? m("bare-node") : m("bare-workerd");
        return `| ${labels.get(id)} | ${fmt(median(xs))} ms | ${fmt(Math.min(...xs))} – ${fmt(Math.max(...xs))} ms | ${(median(xs) / floor).toFixed(2)}× |`;
      }),
    ].join("\n");
  }
  const gzipKiB = bundle.wranglerGzipKiB ?? bundle.workerGzipBytes / 1024;
  verdicts.push({ what: "Worker bundle gzip (wrangler's Total Upload)", target: "≤ 350 KB", measured: `${gzipKiB.toFixed(1)} KiB (${fmt(bundle.workerGzipBytes / 1000, 1)} kB)`, met: bundle.workerGzipBytes <= 350_000 && gzipKiB <= 350 });

  const out = [
    "",
    `## bench:load (${mode.name}), ${new Date().toISOString()}`,
    "",
    `Machine: ${cpus().length} × ${cpuModel()}; Node ${process.version}; ${tools.workerd}; ${tools.wrk}. Servers pinned to CPU ${SERVER_CPU}, wrk to CPU ${LOADGEN_CPU}.`,
    `Load average before / after: ${loadBefore} / ${loadAfter}. "foreign load" = CPU used by other processes during a run, in cores (0 = a quiet machine).`,
    ...(Object.keys(projectEnv).length ? [`Project settings added with --env: ${JSON.stringify(projectEnv)}.`] : []),
    `Mode: ${mode.passes} passes (floor, project, interleaved, fresh launch each) × ${mode.runsPerBody} × ${mode.runSeconds} s per body at c=32 after ${mode.warmupSeconds} s warm-up per body${mode.c1Seconds ? `, + 1 × ${mode.c1Seconds} s at c=1` : ""}.`,
    "",
  ];
  if (runs.length > 0) {
    out.push("### Load (c=32)", "", loadTable(runs, rss, groups, labels), "");
    if (compareWith) out.push(`### This checkout vs ${compareWith} (same run, interleaved)`, "", compareTable(runs, groups), "");
    const c1 = c1Table(runs, labels);
    if (c1) out.push("### Latency at c=1", "", c1, "");
    const errors = runs.reduce((s, r) => s + r.errors, 0);
    out.push(`Non-2xx responses and socket errors over all runs: ${errors}.`, "");
  }
  if (memoryText) out.push(`### Memory (non-streaming, c=32${mode.name === "quick" ? "; quick mode: the issue's figure is 100k → 500k, use --full" : ""})`, "", memoryText, "");
  if (coldText) out.push("### Cold start", "", coldText, "");
  out.push(
    "### Bundle",
    "",
    `Worker (\`wrangler deploy --dry-run\`): ${fmt(bundle.workerBytes / 1024, 1)} KiB raw, ${gzipKiB.toFixed(1)} KiB gzip (wrangler: ${bundle.wranglerKiB ?? "?"} KiB / gzip ${bundle.wranglerGzipKiB ?? "?"} KiB). ` +
      `\`npm run build\` (dist/index.js): ${fmt(bundle.distBytes / 1024, 1)} KiB raw, ${fmt(bundle.distGzipBytes / 1024, 1)} KiB gzip.` +
      (baseBundle ? ` Compared checkout: Worker ${fmt(baseBundle.workerBytes / 1024, 1)} KiB raw, ${(baseBundle.wranglerGzipKiB ?? baseBundle.workerGzipBytes / 1024).toFixed(1)} KiB gzip.` : ""),
    "",
    "### Targets (issue #14)",
    "",
    "| target | limit | measured | met |",
    "|---|---|---|---|",
    ...verdicts.map((v) => `| ${v.what} | ${v.target} | ${v.measured} | ${v.met === undefined ? "–" : v.met ? "met" : "**missed**"} |`),
    "",
    "Time to first NDJSON line (the other target) is `npm run bench:ttfb`.",
  );
  console.log(out.join("\n"));
  save({ loadAfter, verdicts, report: out.join("\n") });
  console.log(`\nRaw figures: ${file}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killRunningWrk();
    killLiveServers();
    process.exit(130);
  });
}

main().catch((err: unknown) => {
  killRunningWrk();
  killLiveServers();
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
