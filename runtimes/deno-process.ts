/**
 * Deno with the process build (`dist/process.js`: the Claude Agent SDK runner and the
 * `/runner` endpoint): `npm run build && deno task start:process` (see deno.json). It needs
 * more than the edge entry (runtimes/deno.ts): `--allow-run` to start Claude Code,
 * `--allow-read`/`--allow-write` for the SDK's install and each run's folder, `--allow-sys`,
 * and `--allow-env` without a list (the SDK reads variables of its own).
 */
import app from "../dist/process.js";

export default {
  fetch: (request: Request) => app.fetch(request),
};
