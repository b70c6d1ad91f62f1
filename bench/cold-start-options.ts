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
 * Uses the Worker and floors that `npm run bench:load` built under .cache/bench-load (run it
 * first) and the project's dist/index.js.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";
import { buildBundle, bundleOptions } from "../scripts/build";
import { LOAD_SECRET, loadBodies } from "./load/bodies";
import { launch } from "./load/server";
import { median } from "./load/stats";
import { REPO, workerdCommand, type Target } from "./load/targets";

const launches = Number(process.argv[2] ?? 10);
const scratch = join(REPO, ".cache/bench-load");
const workerDir = join(scratch, "worker");
const floor = (runtime: string) => join(scratch, `floor-bare-${runtime}`);
if (!existsSync(join(workerDir, "config.capnp")) || !existsSync(floor("workerd")) || !existsSync(join(REPO, "dist/index.js"))) {
  throw new Error("Run `npm run bench:load -- --skip=load,memory` first: it builds the Worker, the floors and dist/ this reads.");
}

/** bench/start/local-only.ts built as `npm run build` builds the bundle, served like the project's Worker and Node entry. */
async function localOnlyBuild(): Promise<{ workerConfig: string; nodeEntry: string }> {
  const dir = join(scratch, "worker-local-only");
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(workerDir)) if (file !== "index.js" && !file.endsWith(".map")) copyFileSync(join(workerDir, file), join(dir, file));
  await buildBundle({ quiet: true, entry: join(REPO, "bench/start/local-only.ts"), outfile: join(dir, "index.js") });
  // The build writes node.js next to index.js, importing the bundle as ../dist/index.js: point it here.
  const nodeEntry = join(dir, "node-entry.mjs");
  writeFileSync(nodeEntry, `import { enableCompileCache } from "node:module";\nenableCompileCache();\nconst [{ serve }, { default: app }] = await Promise.all([import("@hono/node-server"), import("./index.js")]);\nserve({ fetch: app.fetch, hostname: process.env.HOST, port: Number(process.env.PORT) });\n// Exiting (not killed by the signal) writes the compile cache, as dist/node.js does.\nprocess.once("SIGTERM", () => process.exit(0));\n`);
  return { workerConfig: join(dir, "config.capnp"), nodeEntry };
}

/** A copy of the project's Worker config (bindings, text modules) serving `modules` from `dir`, the first being the main one. */
function workerdVariant(dir: string, modules: string[]): string {
  for (const file of readdirSync(workerDir)) if (file.endsWith(".jsonl")) copyFileSync(join(workerDir, file), join(dir, file));
  const config = readFileSync(join(workerDir, "config.capnp"), "utf8");
  const mainModule = '(name = "index.js", esModule = embed "index.js")';
  if (!config.includes(mainModule)) throw new Error("bench/load's workerd config has changed: update workerdVariant()");
  const listed = modules.map((m) => `(name = "${m}", esModule = embed "${m}")`).join(",\n    ");
  const path = join(dir, `config-${modules.length}.capnp`);
  writeFileSync(path, config.replace(mainModule, listed));
  return path;
}

/** The project as `npm run build` builds it, but split (esbuild `splitting`): every module, and only those the start imports. */
async function splitWorker(): Promise<{ everyModule: string; startModules: string }> {
  const dir = join(scratch, "worker-split");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { entryPoints: _entry, ...options } = bundleOptions({ quiet: true });
  const result = await build({ ...options, entryPoints: { index: join(REPO, "src/index.ts") }, outdir: dir, splitting: true, chunkNames: "chunk-[hash]" });
  const outputs = result.metafile.outputs;
  const name = (path: string) => basename(path);
  const all = Object.keys(outputs).map(name).sort((a, b) => (a === "index.js" ? -1 : b === "index.js" ? 1 : a.localeCompare(b)));
  // What the start loads: index.js and, transitively, what it imports statically.
  const atStart = new Set<string>();
  const visit = (file: string) => {
    if (atStart.has(file)) return;
    atStart.add(file);
    const output = Object.entries(outputs).find(([path]) => name(path) === file)![1];
    for (const imp of output.imports) if (imp.kind === "import-statement" && !imp.external) visit(name(imp.path));
  };
  visit("index.js");
  return { everyModule: workerdVariant(dir, all), startModules: workerdVariant(dir, all.filter((f) => atStart.has(f))) };
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
const node = (id: string, label: string, args: string[]): Target => ({
  id: id as Target["id"],
  label,
  runtime: "node",
  kind: "project",
  command: (port) => ({ cmd: process.execPath, args, env: env(port), cwd: REPO }),
});
const workerd = (id: string, label: string, config: string): Target => ({
  id: id as Target["id"],
  label,
  runtime: "workerd",
  kind: "project",
  command: workerdCommand(config),
});

const localOnly = await localOnlyBuild();
const split = await splitWorker();
const snapshot = await nodeSnapshot();
const groups: Target[][] = [
  [
    workerd("bare-workerd", "Floor: bare Hono, workerd", join(floor("workerd"), "config.capnp")),
    workerd("workerd", "Project Worker", join(workerDir, "config.capnp")),
    workerd("split-workerd", "Project split into modules (the AI SDK in chunks loaded on its first run)", split.everyModule),
    workerd("split-start-workerd", "The same, only the modules the start imports listed (not deployable)", split.startModules),
    workerd("local-only-workerd", "Worker without the AI SDK runner", localOnly.workerConfig),
  ],
  [
    node("bare-node", "Floor: bare Hono, Node", [join(floor("node"), "server.mjs")]),
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
