/**
 * wrangler.toml's `[secrets] required` against real wrangler 4.156.2, offline:
 * - `npm run dev` (scripts/dev.ts) hands the Worker every variable of `.dev.vars`, where plain
 *   `wrangler dev` keeps only the names on that list;
 * - `wrangler deploy` of this repository's Worker refuses to create it without
 *   AGENTMARK_WEBHOOK_SECRET (Cloudflare's API is a fake on 127.0.0.1 that says the Worker
 *   does not exist yet; wrangler stops before uploading anything).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { WAIT, WAIT_MS } from "../helpers/wait";

const REPO = resolve(import.meta.dirname, "../..");
const WRANGLER = join(REPO, "node_modules/wrangler/bin/wrangler.js");
const TSX = join(REPO, "node_modules/tsx/dist/cli.mjs");
/** No banner (it would ask the npm registry for a newer wrangler), no metrics, no Request.cf download. */
const QUIET = { WRANGLER_HIDE_BANNER: "true", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1" };

const started: Array<{ child: ChildProcess; exited: Promise<number | null> }> = [];
const run = (script: string, args: string[], env: Record<string, string> = {}) => {
  const child = spawn(process.execPath, [script, ...args], { cwd: REPO, env: { ...process.env, ...QUIET, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d));
  child.stderr!.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  started.push({ child, exited });
  return { child, output: () => output, exited };
};

const project = projectWithDevVars();

afterAll(async () => {
  for (const { child } of started) {
    try {
      process.kill(-child.pid!, "SIGTERM"); // the whole group: wrangler's workerd too
    } catch {
      // already gone
    }
  }
  await Promise.all(started.map((s) => s.exited));
  rmSync(project, { recursive: true, force: true, maxRetries: 5 });
}, 4 * WAIT_MS);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A Worker that answers the names of its bindings, with the repository's kind of secrets list. */
function projectWithDevVars(): string {
  const dir = mkdtempSync(join(tmpdir(), "wrangler-secrets-"));
  writeFileSync(join(dir, "index.js"), "export default { fetch: (request, env) => Response.json(Object.keys(env).sort()) };\n");
  writeFileSync(
    join(dir, "wrangler.toml"),
    'name = "secrets-probe"\nmain = "index.js"\ncompatibility_date = "2026-11-01"\n\n[vars]\nPLAIN = "from wrangler.toml"\n\n[secrets]\nrequired = ["AGENTMARK_WEBHOOK_SECRET"]\n',
  );
  writeFileSync(join(dir, ".dev.vars"), "AGENTMARK_WEBHOOK_SECRET=0123456789abcdef0123456789abcdef\nOPENAI_API_KEY=sk-local\nOPENAI_BASE_URL=http://127.0.0.1:9/v1\nMY_OWN_SETTING=yes\n");
  return dir;
}

async function bindingNames(port: number, output: () => string): Promise<string[]> {
  let names: string[] | undefined;
  await vi.waitFor(
    async () => {
      names = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as string[];
    },
    { ...WAIT, timeout: 4 * WAIT_MS },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- output ---\n${output()}`);
  });
  return names!;
}

describe("wrangler.toml's secrets list", () => {
  it("npm run dev hands the Worker every variable of .dev.vars; plain wrangler dev only the listed one", async () => {
    const [devPort, plainPort] = [await freePort(), await freePort()];
    const config = join(project, "wrangler.toml");
    const dev = run(TSX, ["scripts/dev.ts", "--config", config, "--port", String(devPort), "--no-bridge", "--show-interactive-dev-session=false"]);
    const plain = run(WRANGLER, ["dev", "--config", config, "--ip", "127.0.0.1", "--port", String(plainPort), "--show-interactive-dev-session=false"]);
    const [viaDev, viaPlain] = await Promise.all([bindingNames(devPort, dev.output), bindingNames(plainPort, plain.output)]);
    expect(viaDev).toEqual(["AGENTMARK_WEBHOOK_SECRET", "MY_OWN_SETTING", "OPENAI_API_KEY", "OPENAI_BASE_URL", "PLAIN"]);
    // What npm run dev works around: wrangler drops every .dev.vars name not on the list.
    expect(viaPlain).toEqual(["AGENTMARK_WEBHOOK_SECRET", "PLAIN"]);
  }, 6 * WAIT_MS);

  it("wrangler deploy refuses to create the Worker without AGENTMARK_WEBHOOK_SECRET, before uploading anything", async () => {
    const calls: string[] = [];
    const api: Server = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      const reply = (status: number, result: unknown, errors: unknown[] = []) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ success: status < 400, errors, messages: [], result }));
      };
      const url = req.url ?? "";
      if (url.endsWith("/workers/services/agentmark-webhook")) return reply(404, null, [{ code: 10007, message: "This Worker does not exist on your account." }]);
      if (url.endsWith("/secrets")) return reply(200, []);
      if (url.endsWith("/deployments")) return reply(200, { deployments: [] });
      if (url.endsWith("/workers/subdomain")) return reply(200, { subdomain: "example" });
      reply(200, {});
    });
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${(api.address() as AddressInfo).port}/client/v4`;
      const deploy = run(WRANGLER, ["deploy"], { CLOUDFLARE_API_BASE_URL: base, CLOUDFLARE_API_TOKEN: "fake-token", CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef" });
      expect(await deploy.exited).toBe(1);
      expect(deploy.output()).toContain("The following required secrets have not been set: AGENTMARK_WEBHOOK_SECRET");
      expect(calls.filter((c) => /^(PUT|POST) .*\/workers\/scripts\//.test(c)), "uploads").toEqual([]);
    } finally {
      await new Promise((r) => api.close(r));
    }
  }, 4 * WAIT_MS);
});
