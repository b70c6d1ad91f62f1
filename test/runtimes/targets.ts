/**
 * The runtimes the one bundle is served by, each as a command that starts a server on
 * 127.0.0.1 (port 0: the server picks a free one and prints its URL), and the process
 * handling shared by all of them: spawn in its own process group, wait for the URL and a
 * 200 on /health, collect the output, stop by PID (group) with a bounded wait.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { WAIT_MS } from "../helpers/wait";

export const RUNTIME_NAMES = ["workerd", "deno", "bun", "node", "edge-runtime"] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

export const REPO = resolve(import.meta.dirname, "../..");
/** Deno and Bun are installed here on demand (see install.ts); override with AGENTMARK_RUNTIMES_CACHE. */
export const CACHE_DIR = resolve(REPO, process.env.AGENTMARK_RUNTIMES_CACHE ?? ".cache/runtimes");
export const EDGE_SCRIPT = resolve(CACHE_DIR, "vercel-edge.js");
export const DENO_BIN = resolve(CACHE_DIR, "node_modules/.bin/deno");
export const BUN_BIN = resolve(CACHE_DIR, "node_modules/.bin/bun");

/** The `--allow-env=<names>` of deno.json's `start` task, so the suite runs with exactly the deployed permissions. */
export function denoAllowEnv(): string {
  const denoJson = readFileSync(resolve(REPO, "deno.json"), "utf8");
  const names = /--allow-env=([A-Z0-9_,]+)/.exec(denoJson)?.[1];
  if (!names) throw new Error("deno.json: the start task has no --allow-env=<names>");
  return names;
}

interface Command {
  cmd: string;
  args: string[];
  env?: Record<string, string>;
}

/** A build other than the repo's `dist/index.js`: its folder (holding `dist/` and a copy of `runtimes/`) and Deno's permissions for it. */
export interface OtherBuild {
  dir: string;
  denoPermissions: string[];
}

export function commandFor(name: RuntimeName, build?: OtherBuild): Command {
  const node = process.execPath;
  switch (name) {
    case "workerd":
      return { cmd: node, args: ["test/runtimes/serve/workerd.mjs", "dist/index.js"] };
    case "edge-runtime":
      return { cmd: node, args: ["test/runtimes/serve/edge.mjs", EDGE_SCRIPT] };
    case "node":
      return { cmd: node, args: ["dist/node.js"], env: { HOST: "127.0.0.1", PORT: "0" } };
    case "bun":
      return {
        cmd: BUN_BIN,
        args: ["runtimes/bun.ts"],
        env: { HOST: "127.0.0.1", PORT: "0", BUN_INSTALL: resolve(CACHE_DIR, "bun-home"), DO_NOT_TRACK: "1" },
      };
    case "deno":
      // deno.json's permissions, with the network narrowed to loopback for the test.
      return {
        cmd: DENO_BIN,
        args: ["serve", "--allow-net=127.0.0.1", ...(build?.denoPermissions ?? [`--allow-env=${denoAllowEnv()}`]), "--host", "127.0.0.1", "--port", "0", "runtimes/deno.ts"],
        env: { DENO_DIR: resolve(CACHE_DIR, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
      };
  }
}

export interface RunningServer {
  name: RuntimeName;
  url: string;
  pid: number;
  /** Process start → first 200 on /health, in ms. */
  coldStartMs: number;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once the output contains `pattern`, or rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Whether any process of the group led by `pid` is still running. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resident memory of every process in the group led by `pid` (a server, and workerd under its launcher), in MiB. */
export function groupRssMiB(pid: number): number {
  const table = execFileSync("ps", ["-e", "-o", "pgid=,rss="], { encoding: "utf8" });
  let kib = 0;
  for (const line of table.split("\n")) {
    const [group, rss] = line.trim().split(/\s+/);
    if (Number(group) === pid) kib += Number(rss);
  }
  return Math.round(kib / 1024);
}

const URL_PATTERN = /http:\/\/127\.0\.0\.1:(\d+)/;

export async function startServer(
  name: RuntimeName,
  vars: Record<string, string>,
  { timeoutMs = 90_000, build }: { timeoutMs?: number; build?: OtherBuild } = {},
): Promise<RunningServer> {
  const { cmd, args, env } = commandFor(name, build);
  const started = performance.now();
  const child: ChildProcess = spawn(cmd, args, {
    cwd: build?.dir ?? REPO,
    env: { ...process.env, ...vars, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() reaches its children (workerd) too
  });
  let output = "";
  const listeners = new Set<() => void>();
  const append = (d: Buffer) => {
    output += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    kill("SIGTERM");
    const timer = setTimeout(() => kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
    kill("SIGKILL"); // anything the leader left behind in its group (workerd under Miniflare)
    const deadline = Date.now() + WAIT_MS;
    while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };

  const waitForOutput = (pattern: RegExp, waitMs = WAIT_MS) =>
    new Promise<RegExpMatchArray>((resolveMatch, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (!match) return false;
        cleanup();
        resolveMatch(match);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${name}: no output matching ${pattern} within ${waitMs} ms. Output:\n${output}`));
      }, waitMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      const listener = () => void check();
      if (!check()) listeners.add(listener);
    });

  try {
    const deadline = Date.now() + timeoutMs;
    const port = await Promise.race([
      waitForOutput(URL_PATTERN, timeoutMs).then((m) => m[1]!),
      exited.then(() => {
        throw new Error(`${name} exited before listening (code ${child.exitCode}):\n${output}`);
      }),
    ]);
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${name}: /health did not answer 200 within ${timeoutMs} ms:\n${output}`);
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        if (res.status === 200) break;
      } catch {
        // not accepting yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const coldStartMs = performance.now() - started;
    return { name, url, pid: child.pid!, coldStartMs, output: () => output, waitForOutput, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
