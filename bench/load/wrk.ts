/**
 * The load generator: wrk (one thread, pinned to its own CPU), sending one signed body
 * over keep-alive connections. A Lua script sets the request and prints wrk's summary as
 * JSON; `bash`'s `times` gives wrk's own CPU time so the machine's other load can be told
 * apart from the bench's.
 *
 * Why wrk and not a Node load generator: the floors answer 20–40k requests/s on one core;
 * a load generator in Node spends more CPU per request than the floor itself and would be
 * the bottleneck. wrk is the tool the baselines (shared/spec/perf-baselines.md §5.5) used.
 */
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const WRK_MISSING = [
  "bench:load needs wrk (https://github.com/wg/wrk), a small C load generator.",
  "Install it with `sudo apt-get install -y wrk` (Debian/Ubuntu), `brew install wrk` (macOS),",
  "or build it from source; then run `npm run bench:load` again.",
].join("\n");

export function wrkVersion(): string | undefined {
  try {
    // `wrk -v` prints its version and exits with status 1.
    execFileSync("wrk", ["-v"], { stdio: "pipe" });
  } catch (err) {
    const out = String((err as { stdout?: Buffer }).stdout ?? "");
    if ((err as { code?: string }).code === "ENOENT") return undefined;
    return /^wrk \S+/.exec(out)?.[0] ?? "wrk";
  }
  return "wrk";
}

export interface LoadBody {
  name: string;
  bytes: Buffer;
  signature: string;
}

/** Writes the body and its Lua script into `dir`; returns the script's path. */
export function writeScript(dir: string, body: LoadBody): string {
  const bodyPath = join(dir, `${body.name}.body`);
  writeFileSync(bodyPath, body.bytes);
  const script = join(dir, `${body.name}.lua`);
  writeFileSync(
    script,
    `local f = assert(io.open(${JSON.stringify(bodyPath)}, "rb")); local body = f:read("*a"); f:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-agentmark-signature-256"] = ${JSON.stringify(body.signature)}
-- An optional bound on the number of responses (the memory run counts requests exactly).
local limit = tonumber(os.getenv("WRK_MAX_REQUESTS") or "0")
if limit > 0 then
  local n = 0
  function response(status, headers, body)
    n = n + 1
    if n >= limit then wrk.thread:stop() end
  end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"p50Us":%d,"p99Us":%d,"maxUs":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`,
  );
  return script;
}

export interface WrkResult {
  requests: number;
  durationUs: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  p50Us: number;
  p99Us: number;
  maxUs: number;
  /** CPU seconds wrk itself used. */
  wrkCpu: number;
}

export interface WrkRun {
  url: string;
  script: string;
  connections: number;
  seconds: number;
  /** Stop after this many responses (the run may then end before `seconds`). */
  maxRequests?: number;
  /** The CPU wrk is pinned to. */
  cpu: number;
}

const running = new Set<number>();

/** Kills (by PID) the wrk run in progress, if any, when the bench itself is interrupted. */
export function killRunningWrk(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL"); // its own process group: bash and wrk
    } catch {
      // already gone
    }
  }
}

export function runWrk(run: WrkRun): Promise<WrkResult> {
  const wrkArgs = ["-t1", `-c${run.connections}`, `-d${run.seconds}s`, "--latency", "-s", run.script, run.url];
  // `times` prints the CPU used by the shell's children (here: wrk) once it has exited.
  const command = `taskset -c ${run.cpu} wrk ${wrkArgs.map((a) => `'${a}'`).join(" ")}; status=$?; times; exit $status`;
  return new Promise((resolvePromise, reject) => {
    const child = spawn("bash", ["-c", command], {
      detached: true, // a process group of its own, so an interrupted bench can stop it by PID
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRK_MAX_REQUESTS: String(run.maxRequests ?? 0) },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    running.add(child.pid!);
    child.on("error", reject);
    child.on("close", (code) => {
      running.delete(child.pid!);
      const json = /^WRK_JSON (.*)$/m.exec(out)?.[1];
      const times = out.trim().split("\n").at(-1)?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
      if (code !== 0 || !json || !times) {
        reject(new Error(`wrk failed (exit ${code}): ${err || out}`));
        return;
      }
      const wrkCpu = Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4]);
      resolvePromise({ ...(JSON.parse(json) as Omit<WrkResult, "wrkCpu">), wrkCpu });
    });
  });
}
