/**
 * The servers the load bench compares, built from this repository:
 * - the project's Node entry (what `npm run start:node` runs, serving `npm run build`'s bundle);
 * - the project's Worker (the `wrangler deploy --dry-run` bundle) in raw `workerd serve`;
 * - their floors: Hono that reads, verifies and parses the body (verify floors) and bare
 *   Hono (bare floors, for cold starts), bundled with esbuild from the project's own deps.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const REPO = resolve(import.meta.dirname, "../..");
export const WORKERD_BIN = resolve(REPO, "node_modules/.bin/workerd");

export type TargetId = "floor-node" | "node" | "node-nocache" | "floor-workerd" | "workerd" | "bare-node" | "bare-workerd" | "base-node" | "base-workerd";

export interface Target {
  id: TargetId;
  label: string;
  runtime: "node" | "workerd";
  /** What answers: the project (an envelope or NDJSON) or a floor (a fixed JSON). */
  kind: "project" | "verify-floor" | "bare-floor";
  command(port: number): { cmd: string; args: string[]; env: Record<string, string>; cwd?: string };
}

export interface BuiltTargets {
  targets: Partial<Record<TargetId, Target>> & Record<Exclude<TargetId, "base-node" | "base-workerd" | "node-nocache">, Target>;
  bundle: BundleSizes;
  /** The compared checkout's bundle (`--compare`). */
  baseBundle?: BundleSizes;
}

export interface BundleSizes {
  /** What wrangler reports for the Worker upload ("Total Upload: … / gzip: …"), in KiB. */
  wranglerKiB?: number;
  wranglerGzipKiB?: number;
  /** Our own measure of the same files: raw bytes and gzip (level 6, as wrangler) bytes. */
  workerBytes: number;
  workerGzipBytes: number;
  /** `npm run build`'s one bundle (dist/index.js). */
  distBytes: number;
  distGzipBytes: number;
}

const toml = (repo: string) => readFileSync(join(repo, "wrangler.toml"), "utf8");

interface Compatibility {
  date: string;
  flags: string[];
}

function compatibility(repo: string): Compatibility {
  const text = toml(repo);
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  if (!date) throw new Error("wrangler.toml has no compatibility_date");
  const flags = JSON.parse(/^compatibility_flags\s*=\s*(\[[^\]]*\])/m.exec(text)?.[1] ?? "[]") as string[];
  return { date, flags };
}

/** `[vars]` of wrangler.toml (the plain `NAME = "value"` lines), as a deployed Worker gets them. */
function wranglerVars(repo: string): Record<string, string> {
  const section = /^\[vars\]\s*$([\s\S]*?)(?=^\[)/m.exec(toml(repo))?.[1] ?? "";
  const vars: Record<string, string> = {};
  for (const match of section.matchAll(/^([A-Z0-9_]+)\s*=\s*"([^"]*)"/gm)) vars[match[1]!] = match[2]!;
  return vars;
}

function capnpString(value: string): string {
  return JSON.stringify(value);
}

/**
 * A workerd config serving ES modules (the first is the main one) and text modules from `dir`,
 * written as `dir/<name>`; the port is given on the command line.
 */
function writeWorkerdConfig(dir: string, esModules: string[], textModules: string[], bindings: Record<string, string>, { date, flags }: Compatibility, name = "config.capnp"): string {
  const modules = [
    ...esModules.map((m) => `(name = ${capnpString(m)}, esModule = embed ${capnpString(m)})`),
    ...textModules.map((m) => `(name = ${capnpString(m)}, text = embed ${capnpString(m)})`),
  ];
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ ${modules.join(",\n    ")} ],
  compatibilityDate = ${capnpString(date)},
  compatibilityFlags = [ ${flags.map(capnpString).join(", ")} ],
  bindings = [ ${Object.entries(bindings)
    .map(([name, value]) => `(name = ${capnpString(name)}, text = ${capnpString(value)})`)
    .join(",\n    ")} ],
);
`;
  const path = join(dir, name);
  writeFileSync(path, config);
  return path;
}

/**
 * The workerd config of a Worker built from this repository's code, with the settings and
 * compatibility of its wrangler.toml and the bench's secret, as bench:load serves the project.
 */
export function writeProjectWorkerdConfig(dir: string, esModules: string[], textModules: string[], secret: string, name?: string): string {
  return writeWorkerdConfig(dir, esModules, textModules, { ...wranglerVars(REPO), AGENTMARK_WEBHOOK_SECRET: secret }, compatibility(REPO), name);
}

/** How to serve the workerd config at `config` on a given port (raw `workerd serve`, no wrangler). */
export function workerdCommand(config: string) {
  return (port: number) => ({ cmd: WORKERD_BIN, args: ["serve", config, `--socket-addr=http=127.0.0.1:${port}`], env: {} });
}

/** A Worker that a one-off bench serves from its workerd config (ids outside bench:load's own). */
export function workerdTarget(id: string, label: string, config: string, kind: Target["kind"] = "project"): Target {
  return { id: id as TargetId, label, runtime: "workerd", kind, command: workerdCommand(config) };
}

async function bundleFloor(entry: string, outfile: string, runtime: "node" | "workerd"): Promise<void> {
  await build({
    entryPoints: [join(REPO, "bench/load/floors", entry)],
    outfile,
    bundle: true,
    format: "esm",
    minify: true,
    legalComments: "none",
    logLevel: "error",
    ...(runtime === "node"
      ? { platform: "node", target: "node22" }
      : { platform: "neutral", target: "es2022", conditions: ["workerd", "worker", "browser"], mainFields: ["module", "main"] }),
  });
}

function wranglerDryRun(repo: string, outdir: string, secret: string): { kib?: number; gzipKiB?: number } {
  rmSync(outdir, { recursive: true, force: true });
  const out = execFileSync(process.execPath, [join(repo, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir], {
    cwd: repo,
    encoding: "utf8",
    env: {
      ...process.env,
      AGENTMARK_WEBHOOK_SECRET: secret,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      NO_COLOR: "1",
      XDG_CONFIG_HOME: join(outdir, "..", "xdg"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(out);
  return match ? { kib: Number(match[1]), gzipKiB: Number(match[2]) } : {};
}

/** What `npm run start:node` runs in that checkout (its last `node <args>`), without npm or the build in between. */
function startNodeArgs(repo: string): string[] {
  const script = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts?.["start:node"];
  const match = /(?:^|&& )node ([^&]+)$/.exec(script ?? "");
  if (!match) throw new Error(`${repo}/package.json: start:node does not end with "node <file>": ${script}`);
  return match[1]!.split(" ");
}

interface ProjectBuild {
  node: Target;
  workerd: Target;
  bundle: BundleSizes;
}

/**
 * The project of the checkout at `repo`: `npm run build` (dist/index.js, served by what
 * `npm run start:node` runs in that checkout) and its `wrangler deploy --dry-run` Worker.
 */
function buildProject(repo: string, workerDir: string, secret: string, projectEnv: Record<string, string>, id: "" | "base-", label: string): ProjectBuild {
  const env = { AGENTMARK_WEBHOOK_SECRET: secret };
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  const dist = readFileSync(join(repo, "dist/index.js"));
  const wrangler = wranglerDryRun(repo, workerDir, secret);
  const files = readdirSync(workerDir).filter((f) => f !== "README.md" && !f.endsWith(".map"));
  const textModules = files.filter((f) => f !== "index.js");
  const config = writeWorkerdConfig(workerDir, ["index.js"], textModules, { ...wranglerVars(repo), ...env, ...projectEnv }, compatibility(repo));
  const nodeArgs = startNodeArgs(repo);
  return {
    node: {
      id: `${id}node`,
      label: `${label}, Node entry`,
      runtime: "node",
      kind: "project",
      command: (port) => ({ cmd: process.execPath, args: nodeArgs, env: { ...env, ...projectEnv, HOST: "127.0.0.1", PORT: String(port) }, cwd: repo }),
    },
    workerd: { id: `${id}workerd`, label: `${label} Worker, raw workerd`, runtime: "workerd", kind: "project", command: workerdCommand(config) },
    bundle: {
      wranglerKiB: wrangler.kib,
      wranglerGzipKiB: wrangler.gzipKiB,
      workerBytes: files.reduce((sum, f) => sum + readFileSync(join(workerDir, f)).length, 0),
      workerGzipBytes: files.reduce((sum, f) => sum + gzipSync(readFileSync(join(workerDir, f))).length, 0),
      distBytes: dist.length,
      distGzipBytes: gzipSync(dist).length,
    },
  };
}

/**
 * Builds every target into `scratch` (and the project's dist/). `projectEnv`: extra settings
 * for this checkout's targets only, not the compared one (e.g. AGENTMARK_LOG_LEVEL=silent, to see what logging costs; with --compare=<a copy of this checkout>, an A/B of the setting).
 * `compareWith`: another checkout of the project (with node_modules), measured alongside as
 * `base-node` / `base-workerd`: a before/after in one interleaved run.
 */
export async function buildTargets(scratch: string, secret: string, projectEnv: Record<string, string> = {}, compareWith?: string): Promise<BuiltTargets> {
  mkdirSync(scratch, { recursive: true });
  const env = { AGENTMARK_WEBHOOK_SECRET: secret };
  const project = buildProject(REPO, join(scratch, "worker"), secret, projectEnv, "", "Project");
  const base = compareWith ? buildProject(resolve(compareWith), join(scratch, "base-worker"), secret, {}, "base-", `Compared (${compareWith})`) : undefined;

  const floors: Record<string, string> = {};
  for (const name of ["verify", "bare"] as const) {
    await bundleFloor(`${name}.node.ts`, join(scratch, `floor-${name}-node`, "server.mjs"), "node");
    const dir = join(scratch, `floor-${name}-workerd`);
    await bundleFloor(`${name}.worker.ts`, join(dir, "worker.js"), "workerd");
    floors[name] = writeWorkerdConfig(dir, ["worker.js"], [], env, compatibility(REPO));
  }

  const nodeFloor = (name: string) => (port: number) => ({
    cmd: process.execPath,
    args: [join(scratch, `floor-${name}-node`, "server.mjs")],
    env: { ...env, PORT: String(port) },
  });

  return {
    targets: {
      "floor-node": { id: "floor-node", label: "Floor: verify + parse Hono, Node", runtime: "node", kind: "verify-floor", command: nodeFloor("verify") },
      node: project.node,
      // A first start on a host: Node's compile cache (runtimes/node.ts) turned off.
      "node-nocache": {
        ...project.node,
        id: "node-nocache",
        label: "Project, Node entry, compile cache off (a host's first start)",
        command: (port) => {
          const cmd = project.node.command(port);
          return { ...cmd, env: { ...cmd.env, NODE_DISABLE_COMPILE_CACHE: "1" } };
        },
      },
      "floor-workerd": { id: "floor-workerd", label: "Floor: verify + parse Hono, workerd", runtime: "workerd", kind: "verify-floor", command: workerdCommand(floors.verify!) },
      workerd: project.workerd,
      "bare-node": { id: "bare-node", label: "Floor: bare Hono, Node", runtime: "node", kind: "bare-floor", command: nodeFloor("bare") },
      "bare-workerd": { id: "bare-workerd", label: "Floor: bare Hono, workerd", runtime: "workerd", kind: "bare-floor", command: workerdCommand(floors.bare!) },
      ...(base ? { "base-node": base.node, "base-workerd": base.workerd } : {}),
    },
    bundle: project.bundle,
    ...(base ? { baseBundle: base.bundle } : {}),
  };
}
