/**
 * `npm run dev` for tests: the real scripts/dev.ts (wrangler dev + the signing bridge) on
 * free ports, with its own secret passed as `--var` so the developer's .dev.vars is never
 * touched. Ready when /health answers through the bridge (both processes are up). Output is
 * kept so tests can wait for a log line; stop() kills the whole process group.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../scripts/lib/worker-process";

export interface LocalDev {
  workerUrl: string;
  bridgeUrl: string;
  output: () => string;
  /** Resolves when the output matches `pattern` (checked on every chunk, no polling delay). */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  stop: () => Promise<void>;
}

export async function startLocalDev(vars: Record<string, string>, readyTimeoutMs = 180_000): Promise<LocalDev> {
  const workerPort = await freePort();
  const bridgePort = await freePort();
  const args = ["scripts/dev.ts", "--port", String(workerPort), "--bridge-port", String(bridgePort), "--show-interactive-dev-session=false"];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child: ChildProcess = spawn("node_modules/.bin/tsx", args, {
    // WRANGLER_LOG=log: the tests wait for the Worker's console lines (vitest.config.ts
    // quiets wrangler to warnings for everything else).
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1", WRANGLER_LOG: "log" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const listeners = new Set<() => void>();
  const append = (d: Buffer) => {
    output += d.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);

  const waitForOutput = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (!match) return;
        cleanup();
        resolve(match[0]);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} in the npm run dev output within ${timeoutMs} ms:\n${output.slice(-3000)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const bridgeUrl = `http://localhost:${bridgePort}`;
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited early:\n${output}`);
    const res = await fetch(`${bridgeUrl}/health`).catch(() => undefined);
    if (res?.ok) return { workerUrl: `http://127.0.0.1:${workerPort}`, bridgeUrl, output: () => output, waitForOutput, stop };
    await res?.body?.cancel();
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`npm run dev did not become ready within ${readyTimeoutMs} ms:\n${output}`);
}
