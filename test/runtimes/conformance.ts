/**
 * Runs every conformance case against one runtime: starts the server (bundle served by that
 * runtime on 127.0.0.1), runs CASES in order, stops it by process group and checks that
 * nothing of it is left running.
 */
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { CASES, serverVars, stopServerChecked, type CaseContext } from "./cases";
import { installed, SKIP_MISSING } from "./install";
import { startServer, type RunningServer, type RuntimeName } from "./targets";

/** A case fails on its own deadlines (WAIT_MS per awaited event) well before this. */
const CASE_TIMEOUT_MS = 60_000;

export function describeRuntime(runtime: RuntimeName): void {
  // Only with AGENTMARK_SKIP_MISSING_RUNTIMES=1 (global setup installs them otherwise, and says so).
  const skip = SKIP_MISSING && !installed(runtime);
  if (skip) console.warn(`!! ${runtime} is not installed: its cases are SKIPPED (AGENTMARK_SKIP_MISSING_RUNTIMES=1)`);
  describe.skipIf(skip)(runtime, () => {
    const fakes = inject("fakesOrigin");
    let server: RunningServer | undefined;

    beforeAll(async () => {
      server = await startServer(runtime, serverVars(runtime, fakes));
    }, 120_000);

    afterAll(() => stopServerChecked(runtime, server), 60_000);

    for (const c of CASES.filter((c) => !c.only || c.only.includes(runtime))) {
      it(c.name, async () => {
        const ctx: CaseContext = { runtime, server: server!, fakes };
        try {
          await c.run(ctx);
        } catch (err) {
          // The server's own output is the first thing to read when a runtime misbehaves.
          const output = `\n--- ${runtime} output (last 2000 chars) ---\n${server!.output().slice(-2000)}`;
          if (!(err instanceof Error)) throw err;
          try {
            err.message += output;
          } catch {
            throw new Error(`${err.name}: ${err.message}${output}`, { cause: err }); // e.g. a DOMException's read-only message
          }
          throw err;
        }
      }, c.timeoutMs ?? CASE_TIMEOUT_MS);
    }
  });
}
