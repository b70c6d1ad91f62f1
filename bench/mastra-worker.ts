/**
 * node --import tsx bench/mastra-worker.ts — can the Mastra configuration run as a Cloudflare
 * Worker? Builds it with wrangler (`nodejs_compat`, minified, as `wrangler deploy` would) next
 * to the default Worker, then starts each in raw workerd (Miniflare, no `wrangler dev`),
 * alternating A B A B, and reports:
 *   - upload size (wrangler's "Total Upload", gzip) against Cloudflare's 3 MB (free) / 10 MB
 *     (paid) compressed limits;
 *   - startup: new Miniflare() → ready (workerd boot + compile + the script's global scope),
 *     against Cloudflare's 1 s startup limit — with a bare Worker as the boot floor;
 *   - whether a text prompt-run through Mastra answers there (fake OpenAI on 127.0.0.1).
 * RUNS=5 by default. Writes nothing outside .cache/.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { sign } from "../src/crypto";
import { startFakes } from "../test/fakes/server";

const REPO = resolve(import.meta.dirname, "..");
const WORK = resolve(REPO, ".cache/mastra-worker");
const RUNS = Number(process.env.RUNS ?? 5);
const DATE = "2026-11-01";

interface Variant {
  name: string;
  main: string;
  flags: string[];
}

const VARIANTS: Variant[] = [
  { name: "bare (Hono only: the boot floor)", main: resolve(WORK, "bare.ts"), flags: [] },
  { name: "default Worker (local + AI SDK)", main: resolve(REPO, "src/index.ts"), flags: ["enable_request_signal"] },
  { name: "Mastra configuration (examples/mastra)", main: resolve(REPO, "examples/mastra/index.ts"), flags: ["nodejs_compat", "enable_request_signal"] },
];

function build(variant: Variant, index: number): { dir: string; upload: string } {
  const dir = resolve(WORK, `out-${index}`);
  const config = resolve(WORK, `wrangler-${index}.toml`);
  writeFileSync(
    config,
    [
      `name = "bench-${index}"`,
      `main = "${variant.main}"`,
      `compatibility_date = "${DATE}"`,
      `compatibility_flags = ${JSON.stringify(variant.flags)}`,
      "send_metrics = false",
      "minify = true",
      "[[rules]]",
      'type = "Text"',
      'globs = ["**/*.jsonl"]',
      "fallthrough = true",
    ].join("\n"),
  );
  const out = execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", dir, "--config", config], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1" },
  });
  const upload = /Total Upload: ([^\n]+)/.exec(out)?.[1] ?? "?";
  return { dir, upload };
}

async function start(variant: Variant, dir: string, bindings: Record<string, string>) {
  const began = performance.now();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      cf: false,
      log: new Log(LogLevel.ERROR),
      modules: modulesOf(dir),
      compatibilityDate: DATE,
      compatibilityFlags: variant.flags,
      bindings,
    }),
  );
  const url = await mf.ready;
  const readyMs = performance.now() - began;
  const health = await fetch(`${url.origin}/health`);
  await health.arrayBuffer();
  const firstRequestMs = performance.now() - began;
  return { mf, url, readyMs, firstRequestMs, healthStatus: health.status };
}

/** The bundle and the modules next to it, as wrangler would upload them. */
function modulesOf(dir: string) {
  const type = (file: string) => (file.endsWith(".wasm") ? "CompiledWasm" : file.endsWith(".jsonl") ? "Text" : "ESModule");
  const files = readdirSync(dir).filter((f) => f !== "README.md" && !f.endsWith(".map"));
  files.sort((a, b) => (a === "index.js" ? -1 : b === "index.js" ? 1 : 0));
  return files.map((f) => {
    const path = resolve(dir, f);
    const kind = type(f);
    return { type: kind, path, contents: kind === "Text" ? readFileSync(path, "utf8") : readFileSync(path) } as { type: "ESModule"; path: string; contents: Uint8Array };
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

mkdirSync(WORK, { recursive: true });
writeFileSync(VARIANTS[0]!.main, 'import { Hono } from "hono";\nconst app = new Hono();\napp.get("/health", (c) => c.json({ ok: true }));\nexport default app;\n');
const built = VARIANTS.map((v, i) => build(v, i));
const fakes = await startFakes();
const bindings = { AGENTMARK_WEBHOOK_SECRET: "bench", AGENTMARK_LOG_LEVEL: "error", OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: `${fakes.origin}/openai/v1` };

const times = VARIANTS.map(() => ({ ready: [] as number[], first: [] as number[] }));
let mastraRun = "not tried";
for (let run = 0; run < RUNS; run++) {
  for (const [i, variant] of VARIANTS.entries()) {
    const started = await start(variant, built[i]!.dir, bindings);
    times[i]!.ready.push(started.readyMs);
    times[i]!.first.push(started.firstRequestMs);
    if (i === 2 && run === 0) {
      const body = JSON.stringify({
        type: "prompt-run",
        data: {
          ast: { type: "root", children: [{ type: "yaml", value: "name: t\ntext_config:\n  model_name: mastra/support" }, { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "hi [[say:hello from Mastra in workerd]]" }] }] }] },
          options: { shouldStream: false },
        },
      });
      const res = await fetch(started.url, { method: "POST", body, headers: { "content-type": "application/json", "x-agentmark-signature-256": await sign("bench", body) } });
      mastraRun = `${res.status} ${(await res.text()).slice(0, 200)}`;
    }
    await started.mf.dispose();
  }
}
await fakes.close();

console.log(`\nMastra Worker in raw workerd (Miniflare ${"5"}), ${RUNS} runs each, A B C interleaved\n`);
console.log("| Worker | upload (wrangler) | startup: new Miniflare → ready, median (min–max) | → first /health answered, median |");
console.log("|---|---|---|---|");
for (const [i, variant] of VARIANTS.entries()) {
  const t = times[i]!;
  console.log(`| ${variant.name} | ${built[i]!.upload} | ${median(t.ready).toFixed(0)} ms (${Math.min(...t.ready).toFixed(0)}–${Math.max(...t.ready).toFixed(0)}) | ${median(t.first).toFixed(0)} ms |`);
}
const floor = median(times[0]!.ready);
const STARTUP_LIMIT_MS = 1000; // Cloudflare's Worker startup limit (issue #10 measures against it)
const aboveFloor = (i: number) => median(times[i]!.ready) - floor;
const verdict = (ms: number) => `${ms.toFixed(0)} ms (Cloudflare's ${STARTUP_LIMIT_MS} ms startup limit: ${ms <= STARTUP_LIMIT_MS ? "within" : "OVER"})`;
console.log(`\nabove the bare floor: default ${verdict(aboveFloor(1))}, Mastra ${verdict(aboveFloor(2))}`);
console.log(`a Mastra text prompt-run inside workerd: ${mastraRun}`);
process.exit(0);
