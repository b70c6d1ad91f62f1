/**
 * Serves the Vercel entry (runtimes/vercel/api/index.ts, which imports the one bundle) in
 * Vercel's `edge-runtime` on 127.0.0.1, the way Vercel's Edge runtime calls a function:
 * `handler(request, { waitUntil })`, with `process.env` holding the project's variables.
 * edge-runtime evaluates a script, so the entry is pre-bundled as an IIFE (globalSetup).
 *   node test/runtimes/serve/edge.mjs .cache/runtimes/vercel-edge.js
 */
import { readFileSync } from "node:fs";
import { EdgeRuntime, runServer } from "edge-runtime";
import { bindingsFromEnv, printListening } from "./common.mjs";

const [script = ".cache/runtimes/vercel-edge.js"] = process.argv.slice(2);
const env = bindingsFromEnv();
const runtime = new EdgeRuntime({
  initialCode: readFileSync(script, "utf8"),
  extend: (context) => Object.assign(context, { process: { env } }),
});
const server = await runServer({ runtime, host: "127.0.0.1", port: Number(process.env.PORT ?? 0) });
printListening(new URL(server.url).origin);

const stop = () => server.close().finally(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
