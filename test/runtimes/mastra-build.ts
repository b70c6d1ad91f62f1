/**
 * The Mastra build the runtime matrix serves: examples/mastra/index.ts built for Node, Bun
 * and Deno (`npm run build -- --entry examples/mastra/index.ts --platform node`) into a
 * scratch folder next to a copy of `runtimes/`, so the very same entries serve it.
 */
import { cpSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { buildBundle } from "../../scripts/build";
import { CACHE_DIR, REPO, type OtherBuild } from "./targets";

export const MASTRA_BUILD_DIR = resolve(CACHE_DIR, "mastra-build");

/**
 * Deno: Mastra reads many variables at import (every provider's, e.g. ANTHROPIC_BASE_URL)
 * and the host name (a bundled gateway client), so `--allow-env=<names>` is not enough.
 */
export const MASTRA_DENO_PERMISSIONS = ["--allow-env", "--allow-sys=hostname"];

export async function buildMastra(): Promise<OtherBuild & { bytes: number; gzipBytes: number }> {
  mkdirSync(MASTRA_BUILD_DIR, { recursive: true });
  cpSync(resolve(REPO, "runtimes"), resolve(MASTRA_BUILD_DIR, "runtimes"), { recursive: true });
  const size = await buildBundle({
    quiet: true,
    entry: resolve(REPO, "examples/mastra/index.ts"),
    outfile: resolve(MASTRA_BUILD_DIR, "dist/index.js"),
    platform: "node",
  });
  return { dir: MASTRA_BUILD_DIR, denoPermissions: MASTRA_DENO_PERMISSIONS, ...size };
}
