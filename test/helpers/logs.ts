/**
 * Captures what the code under test prints, as lines: the console (Workers, Vercel Edge) and,
 * in Node, process stdout/stderr, where the webhook's logger writes directly (runtime/log.ts).
 * Restored by `vi.restoreAllMocks()`.
 */
import { vi } from "vitest";

export function captureLogs(): string[] {
  const lines: string[] = [];
  const keep = (text: string) => {
    for (const line of text.split("\n")) if (line !== "") lines.push(line);
  };
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => keep(args.map(String).join(" ")));
  }
  const proc = (globalThis as { process?: { stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream } }).process;
  for (const stream of [proc?.stdout, proc?.stderr]) {
    if (typeof stream?.write !== "function") continue;
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown) => {
      keep(typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk as Uint8Array));
      return true;
    }) as typeof stream.write);
  }
  return lines;
}
