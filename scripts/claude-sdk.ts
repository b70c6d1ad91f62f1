/**
 * The optional Claude Agent SDK install: `optional/claude-agent-sdk/` has its own
 * package.json and lockfile (the SDK, its peers and the ~400 MB Claude Code executable as a
 * platform package), so the template's own `npm install` never downloads them.
 *
 *   npm run claude:install     → `npm ci --prefix optional/claude-agent-sdk` (what a Claude user runs once)
 *
 * `ensureClaudeSdk()` is for the tests and benches: it returns an install folder, installing
 * once when needed. The project's own install is used when it matches the lockfile;
 * otherwise a copy goes to `~/.cache/agentmark-webhook/claude-agent-sdk-<lockfile hash>/`
 * (XDG_CACHE_HOME respected), which later runs and fresh clones on the same machine (CI)
 * reuse: it is downloaded and unpacked once per lockfile.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "..");
export const PROJECT_SDK_DIR = join(REPO, "optional/claude-agent-sdk");
const SDK = "@anthropic-ai/claude-agent-sdk";
const MARKER = ".agentmark-installed";

function lockfile(): string {
  return readFileSync(join(PROJECT_SDK_DIR, "package-lock.json"), "utf8");
}

/** The SDK version the lockfile pins. */
export function pinnedVersion(): string {
  const lock = JSON.parse(lockfile()) as { packages: Record<string, { version?: string }> };
  return lock.packages[`node_modules/${SDK}`]!.version!;
}

function installedVersion(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, "node_modules", SDK, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** Whether a platform package with the Claude Code executable is installed next to the SDK. */
function hasExecutable(dir: string): boolean {
  const scope = join(dir, "node_modules/@anthropic-ai");
  if (!existsSync(scope)) return false;
  return readdirSync(scope).some(
    (name) => name.startsWith("claude-agent-sdk-") && (existsSync(join(scope, name, "claude")) || existsSync(join(scope, name, "claude.exe"))),
  );
}

export function isInstalled(dir: string): boolean {
  return installedVersion(dir) === pinnedVersion() && hasExecutable(dir);
}

function npmCi(dir: string): void {
  execFileSync("npm", ["ci", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error"], { stdio: "inherit", timeout: 900_000 });
}

/** An install folder of the pinned SDK: the project's, or the shared cache's (installed once). */
export function ensureClaudeSdk(): string {
  if (isInstalled(PROJECT_SDK_DIR)) return PROJECT_SDK_DIR;
  const hash = createHash("sha256").update(lockfile()).digest("hex").slice(0, 12);
  const cacheRoot = resolve(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "agentmark-webhook");
  const dir = join(cacheRoot, `claude-agent-sdk-${hash}`);
  if (existsSync(join(dir, MARKER)) && isInstalled(dir)) return dir;
  // Install beside the final folder, then rename: a concurrent run never sees half an install.
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(PROJECT_SDK_DIR, file), join(staging, file));
  console.log(`Installing ${SDK}@${pinnedVersion()} with the Claude Code executable into ${dir} (once per lockfile)…`);
  npmCi(staging);
  writeFileSync(join(staging, MARKER), `${hash}\n`);
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run finished first: use its copy
  }
  if (!isInstalled(dir)) throw new Error(`${SDK} did not install into ${dir}`);
  return dir;
}

/**
 * For the test setups: the SDK's folder, or "" when it cannot be installed (offline) and
 * AGENTMARK_SKIP_MISSING_RUNTIMES=1 asks to skip what needs a download; the Claude tests then skip.
 */
export function claudeSdkForTests(): string {
  try {
    return ensureClaudeSdk();
  } catch (err) {
    if (process.env.AGENTMARK_SKIP_MISSING_RUNTIMES !== "1") throw err;
    console.log(`Skipping the Claude Agent SDK tests: ${SDK} could not be installed (${(err as Error).message.split("\n")[0]}); AGENTMARK_SKIP_MISSING_RUNTIMES=1.`);
    return "";
  }
}

if (process.argv[1]?.endsWith("scripts/claude-sdk.ts")) console.log(ensureClaudeSdk());
