/**
 * Once before the runtime matrix: build the one bundle (`npm run build`'s code), bundle the
 * Vercel entry for edge-runtime, make sure Deno and Bun are installed, and start the
 * loopback fakes (Slack, OpenAI, …) plus a Slack webhook that holds its answer until the
 * test releases it (slack-hold.ts), so a test can tell that alert delivery outlives the 202.
 */
import { build } from "esbuild";
import type { TestProject } from "vitest/node";
import { buildBundle } from "../../scripts/build";
import { claudeSdkForTests } from "../../scripts/claude-sdk";
import { startFakes } from "../fakes/server";
import { ensureRuntimes } from "./install";
import "./slack-hold";
import { EDGE_SCRIPT, REPO } from "./targets";

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
  project.provide("claudeSdkDir", claudeSdkForTests());
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
