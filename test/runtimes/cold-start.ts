/**
 * npm run bench:runtimes — bundle size, and per runtime the cold start: process start →
 * first 200 on GET /health, median of 5 (each run a fresh process, stopped by PID).
 * Then the same for the Mastra build (examples/mastra, `--platform node`) on Node, Bun and Deno.
 * Needs a built bundle and the runtimes (run `npm run test:runtimes` once first).
 * Prints a Markdown table for bench/README.md.
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { buildMastra } from "./mastra-build";
import { startServer, RUNTIME_NAMES, REPO, type RuntimeName } from "./targets";

const RUNS = Number(process.env.RUNS ?? 5);
const HOW: Record<RuntimeName, string> = {
  workerd: "`node test/runtimes/serve/workerd.mjs` (Miniflare 5 → workerd)",
  deno: "`deno serve … runtimes/deno.ts`",
  bun: "`bun runtimes/bun.ts`",
  node: "`node dist/node.js` (runtimes/node.ts compiled; @hono/node-server)",
  "edge-runtime": "`node test/runtimes/serve/edge.mjs` (edge-runtime VM, Vercel entry)",
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

process.chdir(REPO);
const bundle = readFileSync("dist/index.js");
console.log(`bundle dist/index.js: ${(bundle.length / 1024).toFixed(0)} KiB raw, ${(gzipSync(bundle, { level: 9 }).length / 1024).toFixed(0)} KiB gzip -9\n`);
console.log("| runtime | how | cold start, median of " + RUNS + " | min | max |");
console.log("|---|---|---|---|---|");
for (const name of RUNTIME_NAMES) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const server = await startServer(name, { AGENTMARK_WEBHOOK_SECRET: "bench", AGENTMARK_LOG_LEVEL: "error" });
    times.push(server.coldStartMs);
    await server.stop();
  }
  console.log(`| ${name} | ${HOW[name]} | ${median(times).toFixed(0)} ms | ${Math.min(...times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms |`);
}

const mastra = await buildMastra();
console.log(`\nMastra build (examples/mastra, --platform node): ${(mastra.bytes / 1024).toFixed(0)} KiB raw, ${(mastra.gzipBytes / 1024).toFixed(0)} KiB gzip -9\n`);
console.log("| runtime | cold start with Mastra, median of " + RUNS + " | min | max |");
console.log("|---|---|---|---|");
for (const name of ["node", "bun", "deno"] as const) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const server = await startServer(name, { AGENTMARK_WEBHOOK_SECRET: "bench", AGENTMARK_LOG_LEVEL: "error" }, { build: mastra, timeoutMs: 60_000 });
    times.push(server.coldStartMs);
    await server.stop();
  }
  console.log(`| ${name} | ${median(times).toFixed(0)} ms | ${Math.min(...times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms |`);
}
