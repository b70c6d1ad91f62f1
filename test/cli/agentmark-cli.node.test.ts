/**
 * AgentMark's published CLI (`@agentmark/cli` 2.1.1, pinned) against the local Worker, the
 * way a user runs it: `npm run dev` (scripts/dev.ts: wrangler dev + the signing bridge), then
 * `agentmark run-prompt` / `agentmark run-experiment` aimed at the bridge. Assertions are on
 * what the CLI prints. The Worker itself still refuses the CLI's unsigned requests.
 */
import { createRequire } from "node:module";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runProcess, type ProcessRun } from "../helpers/run-process";
import { startLocalDev, type LocalDev } from "./local-dev";

const CLI = resolve("node_modules/@agentmark/cli/dist/index.js");
const SECRET = `cli-e2e-${crypto.randomUUID()}`;
const SLOW_TEST = { timeout: 120_000 };

/** Colours, cursor moves and OSC 8 links out, so assertions read what a person sees. */
function plain(text: string): string {
  return text.replace(/\x1b\]8;;[^\x07]*\x07/g, "").replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
}

async function agentmark(cwd: string, ...args: string[]): Promise<ProcessRun> {
  const run = await runProcess(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
  return { ...run, stdout: plain(run.stdout), stderr: plain(run.stderr) };
}

const PROMPTS = {
  "not-bundled.prompt.mdx": "---\nname: not-bundled\ntext_config:\n  model_name: local/echo\ntest_settings:\n  dataset: ./my-rows.jsonl\n---\n\n<User>{props.q}</User>\n",
  "slow.prompt.mdx": "---\nname: slow\ntext_config:\n  model_name: local/slow-200\n---\n\n<User>one two three four five six seven eight nine ten eleven twelve thirteen fourteen</User>\n",
  "no-runner.prompt.mdx": "---\nname: no-runner\ntext_config:\n  model_name: nobody/none\n---\n\n<User>hi</User>\n",
  "provider-cut.prompt.mdx": "---\nname: provider-cut\ntext_config:\n  model_name: openai/disconnect-mid-stream\n---\n\n<User>Tell me something.</User>\n",
};

describe("@agentmark/cli 2.1.1 against npm run dev", () => {
  let dev: LocalDev;
  let dir: string;
  let server: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "agentmark-cli-"));
    // The CLI writes media into .agentmark-outputs/ next to the prompt: work on copies.
    for (const name of readdirSync("examples/prompts")) copyFileSync(join("examples/prompts", name), join(dir, name));
    for (const [name, text] of Object.entries(PROMPTS)) writeFileSync(join(dir, name), text);
    dev = await startLocalDev({
      AGENTMARK_WEBHOOK_SECRET: SECRET,
      OPENAI_API_KEY: "sk-cli-e2e",
      OPENAI_BASE_URL: `${inject("fakesOrigin")}/openai/v1`,
    });
    server = dev.bridgeUrl;
  }, 240_000);

  afterAll(async () => {
    await dev?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("run-prompt streams a text prompt and shows its usage", SLOW_TEST, async () => {
    const run = await agentmark(dir, "run-prompt", join(dir, "haiku.prompt.mdx"), "--server", server);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Running prompt with test props...");
    expect(run.stdout).toContain("=== Text Prompt Results ===");
    expect(run.stdout).toContain("(local model) You said: Write a haiku about the edge of the network.");
    // The CLI reads the legacy usage names (promptTokens/completionTokens): non-zero counts prove they are on the wire.
    const usage = /🪙 (\d+) in, (\d+) out, (\d+) total/.exec(run.stdout);
    expect(usage).not.toBeNull();
    const [, input, output, total] = usage!.map(Number);
    expect(input).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    expect(total).toBe(input! + output!);
  });

  it("run-prompt shows the local model calling the template's example tool (examples/prompts/calculator.prompt.mdx)", SLOW_TEST, async () => {
    const run = await agentmark(dir, "run-prompt", join(dir, "calculator.prompt.mdx"), "--server", server);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('🔧→ sum({"a":2,"b":3})');
    expect(run.stdout).toContain("🔧← 5");
    expect(run.stdout).toContain("📝 Tool said: 5");
  });

  it("run-prompt --props streams an object prompt to its final value", SLOW_TEST, async () => {
    const run = await agentmark(dir, "run-prompt", join(dir, "sentiment.prompt.mdx"), "--server", server, "--props", '{"review":"Slow and broken."}');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Running prompt with custom props...");
    expect(run.stdout).toContain("=== Object Prompt Results ===");
    const final = run.stdout.slice(run.stdout.lastIndexOf("{\n"), run.stdout.lastIndexOf("}") + 1);
    const value = JSON.parse(final) as { sentiment: string; confidence: number };
    expect(["positive", "neutral", "negative"]).toContain(value.sentiment);
    expect(value.confidence).toBeGreaterThanOrEqual(0);
  });

  it("run-prompt saves images and speech the Worker returns as JSON", SLOW_TEST, async () => {
    const image = await agentmark(dir, "run-prompt", join(dir, "poster.prompt.mdx"), "--server", server);
    expect(image.code).toBe(0);
    expect(image.stdout).toContain("=== Image Prompt Results ===");
    const png = /Saved 1 image\(s\) to:\n- (.+\.png)/.exec(image.stdout)?.[1];
    expect(png).toBeDefined();
    expect(readFileSync(png!).subarray(1, 4).toString()).toBe("PNG");

    const speech = await agentmark(dir, "run-prompt", join(dir, "announcement.prompt.mdx"), "--server", server);
    expect(speech.code).toBe(0);
    const wav = /Saved audio to: (.+\.wav)/.exec(speech.stdout)?.[1];
    expect(wav).toBeDefined();
    expect(readFileSync(wav!).subarray(0, 4).toString()).toBe("RIFF");
  });

  it("run-experiment runs the bundled dataset and scores every row", SLOW_TEST, async () => {
    const run = await agentmark(dir, "run-experiment", join(dir, "echo-check.prompt.mdx"), "--server", server, "--format", "jsonl");
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, string>);
    const dataset = readFileSync("datasets/echo-check.jsonl", "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { input: { question: string }; expected_output: string });
    expect(rows).toHaveLength(dataset.length);
    for (const { input, expected_output } of dataset) {
      const row = rows.find((r) => r.Input === JSON.stringify(input));
      expect(row, input.question).toBeDefined();
      const answer = `(local model) You said: ${input.question}`;
      expect(row!["AI Result"]).toBe(answer);
      expect(row!["Expected Output"]).toBe(expected_output);
      expect(row!.exact_match).toMatch(answer === expected_output ? /^PASS/ : /^FAIL/);
      expect(row!.contains).toMatch(answer.includes(expected_output) ? /^PASS/ : /^FAIL/);
    }
  });

  it("run-experiment's table and --threshold: the pass rate decides the exit code", SLOW_TEST, async () => {
    const table = await agentmark(dir, "run-experiment", join(dir, "echo-check.prompt.mdx"), "--server", server, "--threshold", "50");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("🧪 Evaluations enabled");
    expect(table.stdout).toMatch(/│ exact_match\s+│/);
    expect(table.stdout).toContain("✅ Experiment passed threshold check");
    expect(table.stdout).toContain("Pass rate: 60% (6/10 evaluations passed)");

    const strict = await agentmark(dir, "run-experiment", join(dir, "echo-check.prompt.mdx"), "--server", server, "--threshold", "100");
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("❌ Experiment failed threshold check");
  });

  it("run-experiment over a dataset the Worker does not have says where to add it", SLOW_TEST, async () => {
    const run = await agentmark(dir, "run-experiment", join(dir, "not-bundled.prompt.mdx"), "--server", server);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Runner request failed. HTTP 400");
    expect(run.stderr).toContain("No source for dataset my-rows.jsonl: it is not bundled");
    expect(run.stderr).toContain("Check that your prompt file and dataset are valid"); // the CLI's own tip for a 400
    expect(run.stderr).toContain("add it to datasets in src/agentmark.config.ts");
  });

  it("run-prompt prints a provider failure that arrives mid-stream as an error line naming the provider and URL", SLOW_TEST, async () => {
    const run = await agentmark(dir, "run-prompt", join(dir, "provider-cut.prompt.mdx"), "--server", server);
    expect(run.stdout).toContain("=== Text Prompt Results ===");
    expect(run.stderr).toContain(`❌ The connection to openai at ${inject("fakesOrigin")}/openai/v1/responses broke off: `);
    expect(run.stderr).not.toContain("sk-cli-e2e");
    // The Worker's log: an error-level line for the in-band error, and the request line when the stream ended.
    await dev.waitForOutput(/"level":"error","event":"stream_error","job":"prompt-run","prompt":"provider-cut","model":"openai\/disconnect-mid-stream"/);
    await dev.waitForOutput(/"event":"request","method":"POST","path":"\/","status":200,"job":"prompt-run","ms":\d+,"headersMs":\d+,"prompt":"provider-cut","model":"openai\/disconnect-mid-stream","errors":1,"outcome":"completed"/);
  });

  it("run-prompt prints a run that fails before its first event as an error line, not as a failed request", SLOW_TEST, async () => {
    const run = await agentmark(dir, "run-prompt", join(dir, "no-runner.prompt.mdx"), "--server", server);
    expect(run.stdout).toContain("=== Text Prompt Results ===");
    expect(run.stderr).toContain('❌ No runner serves model "nobody/none" (configured runners: local, ai-sdk, claude (remote)).');
    expect(run.stderr).not.toContain("Runner request failed");
    expect(run.code).toBe(0); // 2.1.1 prints error lines but does not fail on them (npm run send does)
  });

  it("a client that goes away mid-stream cancels the run in the Worker, through the bridge", SLOW_TEST, async () => {
    const controller = new AbortController();
    const job = await agentmarkLikeJob(join(dir, "slow.prompt.mdx"));
    const res = await fetch(server, { method: "POST", headers: { "Content-Type": "application/json" }, body: job, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"type":"text"');
    controller.abort();
    await dev.waitForOutput(/"event":"stream_cancelled","job":"prompt-run","prompt":"slow"/);
  });

  it("the Worker itself still refuses the CLI's unsigned requests with 401", SLOW_TEST, async () => {
    const direct = await agentmark(dir, "run-prompt", join(dir, "haiku.prompt.mdx"), "--server", dev.workerUrl);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toContain("Runner request failed. HTTP 401 Unauthorized");
    expect(direct.stderr).toContain("Missing signature: expected the x-agentmark-signature-256 header");

    // Nothing about a request's origin turns verification off: loopback-looking headers change nothing.
    const job = await agentmarkLikeJob(join(dir, "haiku.prompt.mdx"));
    const variants: Array<Record<string, string>> = [
      {},
      { Host: "localhost:9417", "X-Forwarded-For": "127.0.0.1", "CF-Connecting-IP": "127.0.0.1" },
      { Origin: "http://localhost:9417", "x-agentmark-signature-256": "" },
    ];
    for (const headers of variants) {
      const res = await fetch(dev.workerUrl, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: job });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/^Missing signature/);
    }
  });
});

/** The body `agentmark run-prompt` posts: the AST from templatedx `load()`, streamed, no props. */
async function agentmarkLikeJob(file: string): Promise<string> {
  expect(existsSync(file)).toBe(true);
  // The CLI's own copy of templatedx, wherever npm put it.
  const { load } = (await import(createRequire(CLI).resolve("@agentmark/templatedx"))) as {
    load: (path: string) => Promise<unknown>;
  };
  return JSON.stringify({ type: "prompt-run", data: { ast: await load(file), options: { shouldStream: true } } });
}
