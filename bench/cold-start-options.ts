/**
 * node --import tsx bench/cold-start-options.ts [launches=10]
 *
 * What would bring the cold start to issue #14's targets (workerd ≤ 3×, Node ≤ 1.5× the
 * bare-Hono floor), measured as bench:load measures it (spawn → first 200 on the benchmark
 * POST, pinned to CPU 1, interleaved, one unrecorded round first), for:
 *   - the bare-Hono floors and the project as bench:load builds it;
 *   - the webhook without the Vercel AI SDK runner (bench/start/local-only.ts: local model
 *     only, no tools): what the start costs with none of the SDK's code in the bundle;
 *   - workerd only: the project built with esbuild's `splitting` (the AI SDK in chunks that the
 *     first OpenAI run imports), served as several modules the way a multi-module upload would
 *     be, and the same with only the modules the start imports listed (not deployable: it shows
 *     what listing the other modules costs, i.e. whether workerd compiles modules nobody imports);
 *   - Node only: the project's bundle started from a V8 startup snapshot
 *     (bench/start/node-snapshot.ts), so that evaluating the bundle happens when the snapshot
 *     is built instead of at every start.
 * Uses the Worker, floors and dist/ that `npm run bench:load` built (run it first); writes its
 * own builds under .cache/bench-load/start-*.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";
import { buildBundle, bundleOptions } from "../scripts/build";
import { LOAD_SECRET, loadBodies } from "./load/bodies";
import { launch } from "./load/server";
import { median } from "./load/stats";
import { REPO, workerdTarget, writeProjectWorkerdConfig, type Target } from "./load/targets";

const launches = Number(process.argv[2] ?? 10);
const scratch = join(REPO, ".cache/bench-load");
const workerDir = join(scratch, "worker");
const floor = (runtime: string) => join(scratch, `floor-bare-${runtime}`);
if (!existsSync(join(workerDir, "config.capnp")) || !existsSync(floor("workerd")) || !existsSync(join(REPO, "dist/node.js"))) {
  throw new Error("Run `npm run bench:load -- --skip=load,memory` first: it builds the Worker, the floors and dist/ this reads.");
}

// The variants below are built by scripts/build.ts with wrangler.toml's settings; the project's
// Worker is wrangler's own bundle of the same code (the two differ by < 0.1 % in size).

/** bench/start/local-only.ts built like `npm run build` (dist/index.js, and the dist/node.js that serves it). */
async function localOnlyBuild(): Promise<{ workerConfig: string; nodeEntry: string }> {
  const dist = join(scratch, "start-local-only", "dist");
  rmSync(dist, { recursive: true, force: true });
  await buildBundle({ quiet: true, entry: join(REPO, "bench/start/local-only.ts"), outfile: join(dist, "index.js") });
  return { workerConfig: writeProjectWorkerdConfig(dist, ["index.js"], [], LOAD_SECRET), nodeEntry: join(dist, "node.js") };
}

/** The project built with esbuild's `splitting`, as workerd configs listing every module, and only those the start imports. */
async function splitWorker(): Promise<{ everyModule: string; startModules: string }> {
  const dir = join(scratch, "start-split");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await build({ ...bundleOptions({ quiet: true, entry: join(REPO, "src/index.ts") }), outdir: dir, splitting: true, chunkNames: "chunk-[hash]" });
  const outputs = new Map(Object.entries(result.metafile.outputs).map(([path, output]) => [basename(path), output]));
  const atStart = new Set<string>();
  const visit = (file: string) => {
    if (atStart.has(file)) return;
    atStart.add(file);
    for (const imp of outputs.get(file)!.imports) if (imp.kind === "import-statement" && !imp.external) visit(basename(imp.path));
  };
  visit("index.js");
  const every = ["index.js", ...[...outputs.keys()].filter((f) => f !== "index.js").sort()];
  return {
    everyModule: writeProjectWorkerdConfig(dir, every, [], LOAD_SECRET, "config-every-module.capnp"),
    startModules: writeProjectWorkerdConfig(dir, every.filter((f) => atStart.has(f)), [], LOAD_SECRET, "config-start-modules.capnp"),
  };
}

/** bench/start/node-snapshot.ts as one CommonJS script, and the snapshot Node builds from it. */
async function nodeSnapshot(): Promise<string> {
  const dir = join(scratch, "node-snapshot");
  mkdirSync(dir, { recursive: true });
  const script = join(dir, "entry.cjs");
  await build({
    entryPoints: [join(REPO, "bench/start/node-snapshot.ts")],
    outfile: script,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node22",
    minify: true,
    logLevel: "error",
  });
  const blob = join(dir, "snapshot.blob");
  execFileSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", script], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  return blob;
}

const env = (port: number) => ({ AGENTMARK_WEBHOOK_SECRET: LOAD_SECRET, HOST: "127.0.0.1", PORT: String(port) });
type Kind = Target["kind"];
const node = (id: string, label: string, args: string[], kind: Kind = "project"): Target => ({
  id: id as Target["id"],
  label,
  runtime: "node",
  kind,
  command: (port) => ({ cmd: process.execPath, args, env: env(port), cwd: REPO }),
});

const localOnly = await localOnlyBuild();
const split = await splitWorker();
const snapshot = await nodeSnapshot();
const groups: Target[][] = [
  [
    workerdTarget("bare-workerd", "Floor: bare Hono, workerd", join(floor("workerd"), "config.capnp"), "bare-floor"),
    workerdTarget("workerd", "Project Worker", join(workerDir, "config.capnp")),
    workerdTarget("split-workerd", "Project split into modules (the AI SDK in chunks loaded on its first run)", split.everyModule),
    workerdTarget("split-start-workerd", "The same, only the modules the start imports listed (not deployable)", split.startModules),
    workerdTarget("local-only-workerd", "Worker without the AI SDK runner", localOnly.workerConfig),
  ],
  [
    node("bare-node", "Floor: bare Hono, Node", [join(floor("node"), "server.mjs")], "bare-floor"),
    node("node", "Project, Node entry (dist/node.js)", [join(REPO, "dist/node.js")]),
    node("local-only-node", "Node entry without the AI SDK runner", [localOnly.nodeEntry]),
    node("snapshot-node", "Project bundle from a V8 startup snapshot", ["--snapshot-blob", snapshot]),
  ],
];
const body = (await loadBodies()).nonStreaming;
const times = new Map(groups.flat().map((t) => [t.id as string, [] as number[]]));
for (let i = -1; i < launches; i++) {
  for (const target of groups.flat()) {
    const server = await launch(target, { cpu: 1, probeBody: body });
    if (i >= 0) times.get(target.id)!.push(server.coldStartMs);
    await server.stop();
  }
}
console.log(`Spawn → first 200, median of ${launches} (interleaved):\n`);
console.log("| server | median | min – max | × bare floor |\n|---|---:|---:|---:|");
for (const group of groups) {
  const floorMs = median(times.get(group[0]!.id)!);
  for (const target of group) {
    const xs = times.get(target.id)!;
    console.log(`| ${target.label} | ${median(xs).toFixed(0)} ms | ${Math.min(...xs).toFixed(0)} – ${Math.max(...xs).toFixed(0)} ms | ${(median(xs) / floorMs).toFixed(2)}× |`);
  }
}
