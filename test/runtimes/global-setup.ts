/**
 * Once before the runtime matrix: build the one bundle (`npm run build`'s code), bundle the
 * Vercel entry for edge-runtime, make sure Deno and Bun are installed, and start the
 * loopback fakes (Slack, OpenAI, …) plus a Slack webhook that holds its answer, so a test
 * can tell that alert delivery outlives the 202.
 */
import { build } from "esbuild";
import type { TestProject } from "vitest/node";
import { buildBundle } from "../../scripts/build";
import { ensureClaudeSdk } from "../../scripts/claude-sdk";
import { registerFakeRoute, startFakes } from "../fakes/server";
import { HOLD_MS, HOLD_PREFIX } from "./cases";
import { ensureRuntimes } from "./install";
import { EDGE_SCRIPT, REPO } from "./targets";

/** Slack deliveries the hold route answered with the connection still open (path + alert text). */
const answered: Array<{ path: string; body: string; at: number }> = [];

registerFakeRoute(async (req, res, body, state) => {
  if (req.url === "/runtimes/answered") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answered));
    return true;
  }
  if (req.method !== "POST" || !req.url?.startsWith(HOLD_PREFIX)) return false;
  const path = req.url;
  let gone = false;
  res.once("close", () => (gone = !res.writableFinished));
  await new Promise((r) => setTimeout(r, HOLD_MS));
  if (gone || res.destroyed) {
    state.aborted.push(path);
    return true;
  }
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("ok", () => answered.push({ path, body, at: Date.now() }));
  return true;
});

export default async function setup(project: TestProject) {
  const started = Date.now();
  process.chdir(REPO);
  const { bytes, gzipBytes } = await buildBundle({ quiet: true });
  await build({
    entryPoints: ["runtimes/vercel/api/index.ts"],
    outfile: EDGE_SCRIPT,
    bundle: true,
    format: "iife",
    globalName: "__vercelEntry",
    platform: "neutral",
    target: "es2022",
    logLevel: "warning",
    // How Vercel's Edge runtime invokes a function: the method's export, (request, { waitUntil }).
    footer: {
      js: `addEventListener("fetch", (event) => {
  const handler = __vercelEntry[event.request.method];
  event.respondWith(handler ? handler(event.request, { waitUntil: (p) => event.waitUntil(p) }) : new Response(null, { status: 405 }));
});`,
    },
  });
  ensureRuntimes();
  // The Claude Agent SDK for claude.runtime.ts (installed once per lockfile, cached under ~/.cache).
  project.provide("claudeSdkDir", ensureClaudeSdk());
  const fakes = await startFakes();
  project.provide("fakesOrigin", fakes.origin);
  console.log(`runtime matrix: bundle ${(bytes / 1024).toFixed(0)} KiB (${(gzipBytes / 1024).toFixed(0)} KiB gzip), setup ${Date.now() - started} ms`);
  return () => fakes.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    fakesOrigin: string;
    claudeSdkDir: string;
  }
}
