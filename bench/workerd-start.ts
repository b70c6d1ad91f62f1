/**
 * node --import tsx bench/workerd-start.ts [launches=10]
 *
 * What the Worker's cold start in raw workerd is made of (issue #14): spawn → first 200 for
 *   - the bare-Hono floor;
 *   - "parse only": the project's Worker with its whole bundle kept as the body of a function
 *     that never runs (V8 still reads and pre-parses every byte) and a default export that
 *     answers `{}`: what the bundle's size alone costs;
 *   - "evaluated only": the bundle evaluated as it is (every module's start-up code runs, the
 *     webhook is built) but with a default export that answers `{}`, so no request reaches it;
 *   - the project's Worker;
 *   - "listed, never imported": the bare floor with the project's bundle added to the Worker as a
 *     second module that nothing imports: whether workerd compiles modules no one imports
 *     (a multi-module upload would only help if it did not).
 * So: parse only − floor ≈ reading the bundle; evaluated only − parse only ≈ evaluating it;
 * project − evaluated only ≈ the first request; listed, never imported − floor ≈ what a module
 * costs the start when nothing imports it (about "parse only − floor" if workerd parses it only
 * as much as unused code, nothing if it never compiles it). Each launch is pinned to CPU 1, interleaved, after one unrecorded round.
 * Uses the Worker and floor that `npm run bench:load` built under .cache/bench-load (run it first).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LOAD_SECRET, loadBodies } from "./load/bodies";
import { launch } from "./load/server";
import { median } from "./load/stats";
import { REPO, workerdTarget, writeProjectWorkerdConfig } from "./load/targets";

const launches = Number(process.argv[2] ?? 10);
const scratch = join(REPO, ".cache/bench-load");
const workerDir = join(scratch, "worker");
const bareConfig = join(scratch, "floor-bare-workerd/config.capnp");
if (!existsSync(join(workerDir, "config.capnp")) || !existsSync(bareConfig)) {
  throw new Error("Run `npm run bench:load -- --skip=load,memory` first: it builds the Worker and the floors this reads.");
}

const bundleSource = () => readFileSync(join(workerDir, "index.js"), "utf8").replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, "");

/** A copy of the project's Worker (config and text modules) whose main module is `source`. */
function variant(name: string, source: string): string {
  const dir = join(scratch, `worker-${name}`);
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(workerDir)) if (file !== "index.js" && !file.endsWith(".map")) copyFileSync(join(workerDir, file), join(dir, file));
  writeFileSync(join(dir, "index.js"), source);
  return join(dir, "config.capnp");
}

const ANSWER_EMPTY = `export default { fetch: () => new Response("{}") };`;

/** The project's Worker, its module text wrapped in a function that is never called. */
function parseOnlyWorker(): string {
  let source = bundleSource();
  // Module syntax cannot sit inside a function: the text-module imports move out, the export goes.
  const imports = source.match(/import [A-Za-z_$][\w$]* from"[^"]+";/g) ?? [];
  for (const statement of imports) source = source.replace(statement, "");
  source = source.replace(/export\{[^}]*\};?\s*$/, "");
  return variant("parse-only", `${imports.join("\n")}\nfunction neverCalled(){${source}}\n${ANSWER_EMPTY}\n`);
}

/** The project's Worker evaluated as it is, its webhook kept alive on globalThis but never called. */
function evaluatedOnlyWorker(): string {
  const source = bundleSource();
  const exported = /export\{([\w$]+) as default\};?\s*$/.exec(source);
  if (!exported) throw new Error("The Worker bundle does not end with `export{… as default}`: update evaluatedOnlyWorker()");
  return variant("evaluated-only", `${source.slice(0, exported.index)}globalThis.__webhook=${exported[1]};\n${ANSWER_EMPTY}\n`);
}

/** The bare floor with the project's bundle as one more module of the Worker, never imported. */
function listedNeverImportedWorker(): string {
  const dir = join(scratch, "floor-bare-workerd-listed");
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(bareConfig, "..", "worker.js"), join(dir, "worker.js"));
  // Its text-module import would need that module listed too: the bundle's text stays, the import goes.
  writeFileSync(join(dir, "project.js"), bundleSource().replace(/import ([A-Za-z_$][\w$]*) from"[^"]+";/g, 'var $1="";'));
  return writeProjectWorkerdConfig(dir, ["worker.js", "project.js"], [], LOAD_SECRET);
}

const targets = [
  workerdTarget("bare", "Floor: bare Hono", bareConfig, "bare-floor"),
  workerdTarget("parse-only", "Project bundle, parsed only (never evaluated)", parseOnlyWorker()),
  workerdTarget("evaluated-only", "Project bundle, evaluated (no request reaches it)", evaluatedOnlyWorker()),
  workerdTarget("project", "Project Worker", join(workerDir, "config.capnp")),
  workerdTarget("listed", "Floor + the project's bundle as a module nothing imports", listedNeverImportedWorker()),
];
const body = (await loadBodies()).nonStreaming;
const times = new Map(targets.map((t) => [t.id as string, [] as number[]]));
for (let i = -1; i < launches; i++) {
  for (const target of targets) {
    const server = await launch(target, { cpu: 1, probeBody: body });
    if (i >= 0) times.get(target.id)!.push(server.coldStartMs);
    await server.stop();
  }
}
const bundleKiB = readFileSync(join(workerDir, "index.js")).length / 1024;
console.log(`Worker bundle ${bundleKiB.toFixed(1)} KiB raw; spawn → first 200, median of ${launches} (interleaved):\n`);
console.log("| server | median | min – max |\n|---|---:|---:|");
for (const target of targets) {
  const xs = times.get(target.id)!;
  console.log(`| ${target.label} | ${median(xs).toFixed(0)} ms | ${Math.min(...xs).toFixed(0)} – ${Math.max(...xs).toFixed(0)} ms |`);
}
const [bare, parse, evaluated, project, listed] = targets.map((t) => median(times.get(t.id)!));
console.log(`\nreading the bundle ≈ ${(parse! - bare!).toFixed(0)} ms; evaluating it ≈ ${(evaluated! - parse!).toFixed(0)} ms; the first request ≈ ${(project! - evaluated!).toFixed(0)} ms`);
console.log(`the bundle as a module nothing imports ≈ ${(listed! - bare!).toFixed(0)} ms`);
