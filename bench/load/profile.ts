/**
 * npm run bench:profile [-- --streaming] [--runtime=workerd] [--seconds=10]
 *
 * Where a request's CPU goes, under the same load as bench:load: the server pinned to CPU 1
 * and profiled (Node: `--cpu-prof`; workerd: the V8 profiler through `--inspector-addr`),
 * wrk on CPU 0 at c=32 after a warm-up. Samples are mapped back to source files through
 * the bundle's source map and printed as shares of the busy CPU:
 *   - self time by package / source area;
 *   - "inside" time for the project's stages (a sample counts when any frame of its stack
 *     is in that stage: prompt compile, signature, job parsing, logging, settings, …).
 * The profiler slows the server down (about 1.5–2×): read the shares, not absolute times.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { SourceMap } from "node:module";
import { join, relative } from "node:path";
import { buildBundle, NODE_ENTRY } from "../../scripts/build";
import { LOAD_SECRET, loadBodies } from "./bodies";
import { launch } from "./server";
import { buildTargets, REPO, type Target } from "./targets";
import { runWrk, writeScript } from "./wrk";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const streaming = args.includes("--streaming");
const runtime = option("runtime") ?? "node";
const seconds = Number(option("seconds") ?? 10);

/** Stages of a request, by the source files that implement them (first match wins per frame). */
const STAGES: Array<[string, RegExp]> = [
  ["prompt compile (src/prompt)", /^src\/prompt\//],
  ["signature check (src/crypto)", /^src\/crypto\//],
  ["job parsing (src/protocol/events.ts)", /^src\/protocol\/events\.ts$/],
  ["logging (src/runtime/log.ts)", /^src\/runtime\/log\.ts$/],
  ["env & settings (runtime/env|settings|secrets, telemetry/settings)", /^src\/(runtime\/(env|settings|secrets)|telemetry\/settings)\.ts$/],
  ["local runner (src/runners)", /^src\/runners\//],
  ["NDJSON stream (protocol/ndjson, handlers/event-stream)", /^src\/(protocol\/ndjson|handlers\/event-stream)\.ts$/],
];

function bucketOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1]!;
  if (source.startsWith("src/")) return source.split("/").length > 2 ? source.split("/").slice(0, 2).join("/") + "/" : source;
  return source;
}

class Mapper {
  private maps = new Map<string, SourceMap | null>();
  constructor(private readonly bundles: Map<string, string>) {}

  /** The repository-relative source file of a frame ("node:…" / "(native)" for the runtime's own). */
  sourceOf(frame: CallFrame): string {
    if (frame.url.startsWith("node:")) return frame.url;
    if (!frame.url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
    const mapFile = [...this.bundles.entries()].find(([suffix]) => frame.url.endsWith(suffix))?.[1];
    if (!mapFile) return frame.url;
    let map = this.maps.get(mapFile);
    if (map === undefined) {
      map = new SourceMap(JSON.parse(readFileSync(mapFile, "utf8")));
      this.maps.set(mapFile, map);
    }
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (!entry?.originalSource) return "(bundle, unmapped)";
    const path = entry.originalSource.replace(/^file:\/\//, "");
    const file = path.startsWith("/") ? relative(REPO, path) : path.replace(/^(\.\.\/)+/, "");
    this.lines.set(frame, entry.originalLine ?? 0);
    return file;
  }

  /** The original line (0-based) of a frame mapped by sourceOf. */
  readonly lines = new Map<CallFrame, number>();
}

function analyse(profile: CpuProfile, mapper: Mapper): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sourceById = new Map(profile.nodes.map((n) => [n.id, mapper.sourceOf(n.callFrame)]));

  const self = new Map<string, number>();
  const inside = new Map<string, number>();
  /** Per stage: the self time of the samples inside it, by package / source. */
  const insideBy = new Map<string, Map<string, number>>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const source = sourceById.get(id)!;
    if (source === "(idle)") continue;
    busy += dt;
    const bucket = source === "(garbage collector)" || source === "(program)" ? source : bucketOf(source);
    self.set(bucket, (self.get(bucket) ?? 0) + dt);
    const frame = byId.get(id)!.callFrame;
    const where = `${frame.functionName || "(anonymous)"} ${source}${mapper.lines.has(frame) ? `:${mapper.lines.get(frame)! + 1}` : ""}`;
    functions.set(where, (functions.get(where) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const src = sourceById.get(at)!;
      for (const [stage, pattern] of STAGES) if (pattern.test(src)) seen.add(stage);
    }
    for (const stage of seen) {
      inside.set(stage, (inside.get(stage) ?? 0) + dt);
      const by = insideBy.get(stage) ?? new Map<string, number>();
      by.set(bucket, (by.get(bucket) ?? 0) + dt);
      insideBy.set(stage, by);
    }
  }
  const pct = (x: number) => `${((x / busy) * 100).toFixed(1)} %`;
  const lines = [`busy CPU sampled: ${(busy / 1e6).toFixed(2)} s`, "", "| self time by package / source | share |", "|---|---:|"];
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) lines.push(`| ${k} | ${pct(v)} |`);
  lines.push("", "| time inside a stage (any frame of the stack) | share | of which, self time in |", "|---|---:|---|");
  for (const [stage] of STAGES) {
    const by = [...(insideBy.get(stage) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
    lines.push(`| ${stage} | ${pct(inside.get(stage) ?? 0)} | ${by.map(([k, v]) => `${k} ${pct(v)}`).join(", ")} |`);
  }
  lines.push("", "| top functions by self time (name as minified, original file:line) | share |", "|---|---:|");
  for (const [k, v] of [...functions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`| ${k.replace(/\|/g, "\\|")} | ${pct(v)} |`);
  return lines.join("\n");
}

async function profileNode(body: { nonStreaming: import("./wrk").LoadBody; streaming: import("./wrk").LoadBody }, scratch: string): Promise<string> {
  await buildBundle({ quiet: true, sourcemap: true });
  const dir = join(scratch, "profile");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const target: Target = {
    id: "node",
    label: "Project, Node entry (profiled)",
    runtime: "node",
    kind: "project",
    command: (port) => ({
      cmd: process.execPath,
      args: ["--cpu-prof", "--cpu-prof-interval=250", `--cpu-prof-dir=${dir}`, NODE_ENTRY],
      env: { AGENTMARK_WEBHOOK_SECRET: LOAD_SECRET, HOST: "127.0.0.1", PORT: String(port) },
    }),
  };
  const chosen = streaming ? body.streaming : body.nonStreaming;
  const script = writeScript(scratch, chosen);
  const server = await launch(target, { cpu: 1, probeBody: body.nonStreaming });
  await runWrk({ url: `http://127.0.0.1:${server.port}/`, script, connections: 32, seconds: 3, cpu: 0 });
  await runWrk({ url: `http://127.0.0.1:${server.port}/`, script, connections: 32, seconds, cpu: 0 });
  await server.stop();
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("no .cpuprofile written");
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
  return analyse(profile, new Mapper(new Map([["dist/index.js", join(REPO, "dist/index.js.map")]])));
}

async function profileWorkerd(body: { nonStreaming: import("./wrk").LoadBody; streaming: import("./wrk").LoadBody }, scratch: string): Promise<string> {
  const { targets } = await buildTargets(scratch, LOAD_SECRET);
  const inspectorPort = 9229 + Math.floor(Math.random() * 500);
  const base = targets.workerd;
  const target: Target = {
    ...base,
    command: (port) => {
      const cmd = base.command(port);
      return { ...cmd, args: [...cmd.args, `--inspector-addr=127.0.0.1:${inspectorPort}`] };
    },
  };
  const chosen = streaming ? body.streaming : body.nonStreaming;
  const script = writeScript(scratch, chosen);
  const server = await launch(target, { cpu: 1, probeBody: body.nonStreaming });
  try {
    const list = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const ws = new WebSocket(list[0]!.webSocketDebuggerUrl);
    await new Promise((r, j) => ((ws.onopen = r), (ws.onerror = j)));
    let nextId = 1;
    const pending = new Map<number, (v: unknown) => void>();
    ws.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { id?: number; result?: unknown };
      if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
    };
    const send = (method: string, params: object = {}) =>
      new Promise<unknown>((r) => {
        const id = nextId++;
        pending.set(id, r);
        ws.send(JSON.stringify({ id, method, params }));
      });
    await runWrk({ url: `http://127.0.0.1:${server.port}/`, script, connections: 32, seconds: 3, cpu: 0 });
    await send("Profiler.enable");
    await send("Profiler.setSamplingInterval", { interval: 250 });
    await send("Profiler.start");
    await runWrk({ url: `http://127.0.0.1:${server.port}/`, script, connections: 32, seconds, cpu: 0 });
    const { profile } = (await send("Profiler.stop")) as { profile: CpuProfile };
    ws.close();
    return analyse(profile, new Mapper(new Map([["index.js", join(scratch, "worker/index.js.map")]])));
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  process.chdir(REPO);
  const scratch = join(REPO, ".cache/bench-load");
  mkdirSync(scratch, { recursive: true });
  const bodies = await loadBodies();
  execFileSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
  const report = runtime === "workerd" ? await profileWorkerd(bodies, scratch) : await profileNode(bodies, scratch);
  console.log(`\n## Profile: ${runtime}, ${streaming ? "streaming" : "non-streaming"} prompt-run, c=32, ${seconds} s\n\n${report}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
