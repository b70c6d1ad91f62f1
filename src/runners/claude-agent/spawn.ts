/**
 * How the Claude Code executable is started (the SDK's `spawnClaudeCodeProcess` hook): in
 * its own process group, so ending the run ends it and anything it started; stderr is kept
 * (its tail explains a crash) instead of being left to fill a pipe.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { SdkSpawnedProcess, SdkSpawnOptions } from "./sdk";

const STDERR_TAIL_BYTES = 4096;
const KILL_GRACE_MS = 2000;

export interface ClaudeProcess {
  /** For the SDK: stdin/stdout and the exit events of the executable. */
  spawn(options: SdkSpawnOptions): SdkSpawnedProcess;
  /** The process id once started. */
  readonly pid: number | undefined;
  /** The last bytes the executable wrote to stderr. */
  stderrTail(): string;
  /** SIGTERM to the whole group, SIGKILL after a grace period; resolves once it has exited. */
  stop(): Promise<void>;
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

export function claudeProcess(): ClaudeProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let tail = "";
  return {
    spawn(options) {
      child = spawn(options.command, options.args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ["pipe", "pipe", "pipe"],
        detached: true, // its own process group: stop() reaches whatever it started too
      });
      const started = child;
      exited = new Promise<void>((resolve) => {
        started.once("exit", () => resolve());
        started.once("error", () => resolve());
      });
      started.stderr!.on("data", (chunk: Buffer) => {
        tail = (tail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
      });
      // The SDK's abort path (stdin EOF, then a kill after its grace window) stays in place;
      // stop() is what the runner calls when the run ends or its caller goes away.
      return started as SdkSpawnedProcess;
    },
    get pid() {
      return child?.pid;
    },
    stderrTail: () => tail,
    async stop() {
      const running = child;
      if (!running?.pid) return;
      const pid = running.pid;
      if (alive(running)) {
        signalGroup(pid, "SIGTERM");
        const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), KILL_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      // Anything the executable started that outlived it.
      signalGroup(pid, "SIGKILL");
    },
  };
}
