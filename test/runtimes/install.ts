/**
 * Deno and Bun for the runtime matrix, installed on demand from the npm registry into a
 * cache folder (not the project's dependencies: together ~200 MB). Re-installs only when
 * the pinned version is missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { BUN_BIN, CACHE_DIR, DENO_BIN } from "./targets";

export const PINNED = { deno: "2.9.6", bun: "1.4.5" } as const;

function version(bin: string): string | undefined {
  if (!existsSync(bin)) return undefined;
  const run = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 30_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
  return run.status === 0 ? run.stdout : undefined;
}

export function ensureRuntimes(): void {
  const ok = version(DENO_BIN)?.includes(`deno ${PINNED.deno}`) && version(BUN_BIN)?.trim() === PINNED.bun;
  if (ok) return;
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(
    resolve(CACHE_DIR, "package.json"),
    JSON.stringify({ private: true, description: "Deno and Bun for npm run test:runtimes", dependencies: { deno: PINNED.deno, bun: PINNED.bun } }, null, 2),
  );
  console.log(`Installing deno@${PINNED.deno} and bun@${PINNED.bun} into ${CACHE_DIR} (once)…`);
  execFileSync("npm", ["install", "--prefix", CACHE_DIR, "--no-audit", "--no-fund", "--no-package-lock", "--save-exact"], {
    stdio: "inherit",
    timeout: 300_000,
  });
  if (!version(DENO_BIN) || !version(BUN_BIN)) throw new Error(`deno or bun did not install into ${CACHE_DIR}`);
}
