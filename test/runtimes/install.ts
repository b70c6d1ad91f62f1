/**
 * Deno and Bun for the runtime matrix, installed on demand from the npm registry into a
 * cache folder (not the project's dependencies: together ~200 MB, downloaded once). Re-installs
 * only when the pinned version is missing. Offline, AGENTMARK_SKIP_MISSING_RUNTIMES=1 skips
 * the download and, loudly, the runtimes it would have brought (CI never sets it).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { BUN_BIN, CACHE_DIR, DENO_BIN, type RuntimeName } from "./targets";

export const PINNED = { deno: "2.9.6", bun: "1.4.5" } as const;

export const SKIP_MISSING = process.env.AGENTMARK_SKIP_MISSING_RUNTIMES === "1";

function version(bin: string): string | undefined {
  if (!existsSync(bin)) return undefined;
  const run = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 30_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
  return run.status === 0 ? run.stdout : undefined;
}

/** Deno or Bun at the pinned version, ready to run? (The other runtimes come with node_modules.) */
export function installed(runtime: RuntimeName): boolean {
  if (runtime === "deno") return version(DENO_BIN)?.includes(`deno ${PINNED.deno}`) ?? false;
  if (runtime === "bun") return version(BUN_BIN)?.trim() === PINNED.bun;
  return true;
}

export function ensureRuntimes(): void {
  const missing = (["deno", "bun"] as const).filter((r) => !installed(r));
  if (missing.length === 0) return;
  if (SKIP_MISSING) {
    const line = "!".repeat(88);
    console.warn(`${line}\n!! AGENTMARK_SKIP_MISSING_RUNTIMES=1: ${missing.join(" and ")} not installed, so NOT TESTED in this run.\n!! The matrix is incomplete; run it once online (~200 MB from the npm registry, cached in ${CACHE_DIR}).\n${line}`);
    return;
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(
    resolve(CACHE_DIR, "package.json"),
    JSON.stringify({ private: true, description: "Deno and Bun for npm run test:runtimes", dependencies: { deno: PINNED.deno, bun: PINNED.bun } }, null, 2),
  );
  console.log(`Installing deno@${PINNED.deno} and bun@${PINNED.bun} from the npm registry into ${CACHE_DIR} (~200 MB, once; AGENTMARK_SKIP_MISSING_RUNTIMES=1 skips them instead)…`);
  execFileSync("npm", ["install", "--prefix", CACHE_DIR, "--no-audit", "--no-fund", "--no-package-lock", "--save-exact"], {
    stdio: "inherit",
    timeout: 300_000,
  });
  if (!installed("deno") || !installed("bun")) throw new Error(`deno or bun did not install into ${CACHE_DIR}`);
}
