/**
 * Each run's own empty folders: the working directory, HOME and TMPDIR of the Claude Code
 * process (it writes `~/.claude*` and temp files there). Nothing of the server's is in reach
 * through them, and the whole folder is removed when the run ends.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Workspace {
  root: string;
  cwd: string;
  home: string;
  tmp: string;
  remove(): Promise<void>;
}

/** The prefix of every run's folder under the scratch directory (tests look for leftovers by it). */
export const WORKSPACE_PREFIX = "agentmark-claude-";

export async function createWorkspace(scratchDir: string = tmpdir()): Promise<Workspace> {
  const root = await mkdtemp(join(scratchDir, WORKSPACE_PREFIX));
  const [cwd, home, tmp] = ["work", "home", "tmp"].map((name) => join(root, name)) as [string, string, string];
  await Promise.all([cwd, home, tmp].map((dir) => mkdir(dir, { mode: 0o700 })));
  return { root, cwd, home, tmp, remove: () => rm(root, { recursive: true, force: true, maxRetries: 3 }) };
}
