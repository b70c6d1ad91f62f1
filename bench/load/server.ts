/**
 * One server under test: started pinned to its CPU (`taskset`), timed from spawn to its
 * first 200 on the benchmark POST, checked for the right answer, stopped by PID.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { processTree } from "./proc";
import type { Target } from "./targets";
import { REPO } from "./targets";
import type { LoadBody } from "./wrk";

export interface PostResult {
  status: number;
  body: string;
}

/** One POST of `body` over a fresh connection (no pooling: the cold-start poller must not reuse a socket). */
export function post(port: number, body: LoadBody): Promise<PostResult> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        agent: false,
        headers: { "content-type": "application/json", "content-length": body.bytes.length, "x-agentmark-signature-256": body.signature },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body.bytes);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePromise(port));
    });
  });
}

export interface LaunchOptions {
  cpu: number;
  /** Start a Node target through the bench's heap launcher (`--expose-gc`, heap on SIGUSR2). */
  heapProbe?: boolean;
  probeBody: LoadBody;
  timeoutMs?: number;
}

/** Servers started and not yet stopped, to stop them if the bench itself is interrupted. */
const live = new Set<RunningServer>();

/** Kills (by PID) every server this process started that is still running. */
export function killLiveServers(): void {
  for (const server of live) {
    for (const pid of processTree(server.pid)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

export class RunningServer {
  private stderr = "";
  private exited = false;

  constructor(
    readonly target: Target,
    readonly port: number,
    readonly child: ChildProcess,
    /** Spawn → first 200 on the benchmark POST, in ms. */
    public coldStartMs = 0,
  ) {
    child.stderr?.on("data", (d: Buffer) => {
      this.stderr += d.toString("utf8");
      if (this.stderr.length > 1_000_000) this.stderr = this.stderr.slice(-500_000);
    });
    live.add(this);
    child.on("exit", () => {
      this.exited = true;
      live.delete(this);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Live heap after GC (heap-probe launches only): sends SIGUSR2 and waits for the launcher's line. */
  async heapAfterGc(timeoutMs = 30_000): Promise<{ heapUsed: number; heapTotal: number; rss: number; external: number; spaces: Record<string, number> }> {
    const before = this.stderr.split("HEAP_JSON ").length;
    process.kill(this.pid, "SIGUSR2");
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const parts = this.stderr.split("HEAP_JSON ");
      if (parts.length > before && parts.at(-1)!.includes("\n")) return JSON.parse(parts.at(-1)!.split("\n")[0]!);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${this.target.id}: no heap reading within ${timeoutMs} ms`);
  }

  /** SIGTERM by PID, then SIGKILL for whatever of its tree is left after 10 s. */
  async stop(): Promise<void> {
    const tree = processTree(this.pid);
    if (!this.exited) {
      const exited = new Promise<void>((r) => this.child.once("exit", () => r()));
      process.kill(this.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    for (const pid of tree) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }

  log(): string {
    return this.stderr;
  }
}

/** Spawns `target` pinned to `cpu` and resolves at its first 200 to the benchmark POST. */
export async function launch(target: Target, options: LaunchOptions): Promise<RunningServer> {
  const port = await freePort();
  const { cmd, args, env, cwd } = target.command(port);
  const argv = options.heapProbe ? ["--expose-gc", join(REPO, "bench/load/heap-launcher.mjs"), ...args] : args;
  const devNull = openSync("/dev/null", "w");
  const started = performance.now();
  const child = spawn("taskset", ["-c", String(options.cpu), cmd, ...argv], {
    cwd: cwd ?? REPO,
    // Only what the target is given: no AGENTMARK_*/OTEL_* settings leak in from the caller's shell.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", devNull, "pipe"],
  });
  closeSync(devNull);
  const server = new RunningServer(target, port, child);
  const deadline = started + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (!server.alive) throw new Error(`${target.id} exited before answering:\n${server.log()}`);
    try {
      const res = await post(port, options.probeBody);
      if (res.status === 200) break;
      throw new Error(`${target.id} answered ${res.status}: ${res.body.slice(0, 300)}`);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== "ECONNREFUSED" && code !== "ECONNRESET") {
        await server.stop();
        throw err;
      }
    }
    if (performance.now() > deadline) {
      await server.stop();
      throw new Error(`${target.id} did not answer within ${options.timeoutMs ?? 30_000} ms:\n${server.log()}`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  server.coldStartMs = performance.now() - started;
  return server;
}
