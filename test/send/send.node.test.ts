/**
 * `npm run send` as a person runs it (a subprocess), against the real webhook app served by
 * Node on 127.0.0.1 with the template's own config, the OpenAI fake behind `openai/*`.
 * Every job it receives is recorded, so the flags can be checked on the wire.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seededRandom } from "../../src/experiments/sampling";
import app from "../../src/index";
import { freePort } from "../../scripts/lib/worker-process";
import { runProcess, type ProcessRun } from "../helpers/run-process";

const SECRET = `send-test-${crypto.randomUUID()}`;
const TSX = resolve("node_modules/.bin/tsx");
const SEND = resolve("scripts/send.ts");
const SLOW_TEST = { timeout: 60_000 };

function send(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ProcessRun> {
  return runProcess(TSX, [SEND, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, AGENTMARK_WEBHOOK_SECRET: "", ...options.env },
  });
}

const DATASET = readFileSync("datasets/echo-check.jsonl", "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as { input: { question: string }; expected_output: string });

const PROMPTS: Record<string, string> = {
  "rows-fail.prompt.mdx": "---\nname: rows-fail\ntext_config:\n  model_name: openai/fail-400\ntest_settings:\n  dataset: datasets/echo-check.jsonl\n---\n\n<User>{props.question}</User>\n",
  "cut.prompt.mdx": "---\nname: cut\ntext_config:\n  model_name: openai/disconnect-mid-stream\n---\n\n<User>Tell me a story.</User>\n",
  "nobody.prompt.mdx": "---\nname: nobody\ntext_config:\n  model_name: nobody/none\n---\n\n<User>hi</User>\n",
  "broken.prompt.mdx": "---\nname: broken\ntext_config:\n  model_name: local/echo\n---\n\n<User>\nHello {props.name\n</User>\n",
  "bad-yaml.prompt.mdx": "---\nname: bad-yaml\ntext_config: [\n---\n\n<User>hi</User>\n",
};

describe("npm run send", () => {
  const jobs: Array<{ type: string; data?: Record<string, unknown> }> = [];
  let server: ReturnType<typeof createAdaptorServer>;
  let url: string;
  let dir: string;
  const target = (name: string) => join(dir, name);
  const withServer = (...args: string[]) => [...args, "--url", url, "--secret", SECRET];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "send-"));
    for (const [name, text] of Object.entries(PROMPTS)) writeFileSync(join(dir, name), text);
    const env = { AGENTMARK_WEBHOOK_SECRET: SECRET, AGENTMARK_LOG_LEVEL: "silent", OPENAI_API_KEY: "sk-send-test", OPENAI_BASE_URL: `${inject("fakesOrigin")}/openai/v1` };
    server = createAdaptorServer({
      overrideGlobalObjects: false,
      fetch: async (request: Request) => {
        jobs.push(JSON.parse(await request.clone().text()));
        return app.fetch(request, env);
      },
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it("--dataset runs the prompt's dataset: one line per row, then a table of eval pass rates", SLOW_TEST, async () => {
    const run = await send(withServer("examples/prompts/echo-check.prompt.mdx", "--dataset"));
    expect(run.stderr).toMatch(/^HTTP 200 in \d+ ms\n$/);
    expect(run.code).toBe(0);
    expect(jobs.at(-1)).toMatchObject({ type: "dataset-run", data: { promptPath: "echo-check.prompt.mdx", experimentId: "echo-check" } });
    expect(jobs.at(-1)!.data).not.toHaveProperty("datasetPath"); // the Worker reads test_settings.dataset
    const rowLines = run.stdout.split("\n").filter((line) => line.startsWith("#"));
    expect(rowLines).toHaveLength(DATASET.length);
    let exact = 0;
    let contains = 0;
    for (const { input, expected_output } of DATASET) {
      const answer = `(local model) You said: ${input.question}`;
      const line = rowLines.find((l) => l.includes(JSON.stringify(input)));
      expect(line).toContain(`→ ${JSON.stringify(answer)}`);
      expect(line).toContain(`exact_match=${answer === expected_output ? "pass" : "fail"}`);
      exact += answer === expected_output ? 1 : 0;
      contains += answer.includes(expected_output) ? 1 : 0;
    }
    const n = DATASET.length;
    expect(run.stdout).toContain(`${n} rows done, 0 failed`);
    const pct = (k: number) => `${Math.round((k / n) * 100)}%`;
    expect(run.stdout).toMatch(new RegExp(`contains\\s+${contains}\\s+${n - contains}\\s+${pct(contains)}`));
    expect(run.stdout).toMatch(new RegExp(`exact_match\\s+${exact}\\s+${n - exact}\\s+${pct(exact)}`));
  });

  it("--dataset=path, --rows and --concurrency reach the job; the rows run are the ones asked for", SLOW_TEST, async () => {
    const run = await send(withServer("examples/prompts/echo-check.prompt.mdx", "--dataset=datasets/echo-check.jsonl", "--rows", "0,2-3", "--concurrency", "2"));
    expect(run.code).toBe(0);
    expect(jobs.at(-1)!.data).toMatchObject({ datasetPath: "datasets/echo-check.jsonl", sampling: { rows: "0,2-3" }, concurrency: 2 });
    const inputs = run.stdout.split("\n").filter((l) => l.startsWith("#"));
    expect(inputs).toHaveLength(3);
    for (const index of [0, 2, 3]) expect(run.stdout).toContain(JSON.stringify(DATASET[index]!.input));
  });

  it("--sample with --seed keeps the rows the platform's seeded sampling keeps; --split by position", SLOW_TEST, async () => {
    const sampled = await send(withServer("examples/prompts/echo-check.prompt.mdx", "--dataset", "--sample", "50", "--seed", "7"));
    expect(sampled.code).toBe(0);
    expect(jobs.at(-1)!.data).toMatchObject({ sampling: { sample: 50, seed: 7 } });
    const kept = DATASET.filter((_, i) => seededRandom(7, i) < 0.5);
    expect(sampled.stdout).toContain(`${kept.length} rows done, 0 failed`);
    for (const row of kept) expect(sampled.stdout).toContain(JSON.stringify(row.input));

    const split = await send(withServer("examples/prompts/echo-check.prompt.mdx", "--dataset", "--split", "test:40"));
    expect(split.code).toBe(0);
    const cutoff = Math.round(DATASET.length * 0.4); // the percentage is the train share; test is the rest
    expect(split.stdout).toContain(`${DATASET.length - cutoff} rows done, 0 failed`);
    for (const row of DATASET.slice(cutoff)) expect(split.stdout).toContain(JSON.stringify(row.input));
  });

  it("exits 1 when rows fail in-band, counting them in the summary", SLOW_TEST, async () => {
    const run = await send(withServer(target("rows-fail.prompt.mdx"), "--dataset"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`0 rows done, ${DATASET.length} failed`);
    expect(run.stderr.match(/^error: .+$/gm)).toHaveLength(DATASET.length);
    expect(run.stderr).toMatch(new RegExp(`^HTTP 200 in \\d+ ms: ${DATASET.length} error lines$`, "m"));
    expect(run.stderr).not.toContain("sk-send-test");
  });

  it("exits 1 when a streamed prompt-run ends in an error line, 0 when it does not", SLOW_TEST, async () => {
    const cut = await send(withServer(target("cut.prompt.mdx")));
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/^\{"type":"error","error":".+"\}$/m);
    expect(cut.stderr).toMatch(/^HTTP 200 in \d+ ms: 1 error line$/m);

    const fine = await send(withServer("examples/prompts/haiku.prompt.mdx", "--props", '{"topic":"rain"}'));
    expect(fine.code).toBe(0);
    expect(jobs.at(-1)!.data).toMatchObject({ customProps: { topic: "rain" }, options: { shouldStream: true } });
    expect(fine.stdout).toContain('{"type":"text","finishReason":"stop"');
  });

  it("runs the template's example tool offline: examples/prompts/calculator.prompt.mdx on the local model", SLOW_TEST, async () => {
    const run = await send(withServer("examples/prompts/calculator.prompt.mdx"));
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").slice(0, 5)).toEqual([
      '{"type":"text","toolCall":{"toolCallId":"local_call_1","toolName":"sum","args":{"a":2,"b":3}}}',
      '{"type":"text","toolResult":{"toolCallId":"local_call_1","toolName":"sum","result":5}}',
      '{"type":"text","result":"Tool"}',
      '{"type":"text","result":" said:"}',
      '{"type":"text","result":" 5"}',
    ]);
  });

  it("exits 1 on a non-2xx answer and prints the webhook's message", SLOW_TEST, async () => {
    const run = await send(withServer(target("nobody.prompt.mdx"), "--no-stream"));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^HTTP 500 in \d+ ms: No runner serves model "nobody\/none"/m);
  });

  it("summarises media instead of printing base64, and --out writes the files", SLOW_TEST, async () => {
    const out = join(dir, "media");
    const image = await send(withServer("examples/prompts/poster.prompt.mdx", "--out", out));
    expect(image.code).toBe(0);
    expect(image.stdout).toMatch(/"base64": "<\d+ bytes; --out DIR saves it>"/);
    expect(image.stdout).not.toMatch(/iVBORw0KGgo/); // no PNG base64 on the terminal
    const saved = /^saved (.+\.png)$/m.exec(image.stdout)?.[1];
    expect(saved).toBe(join(out, "poster.png"));
    expect(readFileSync(saved!).subarray(1, 4).toString()).toBe("PNG");

    const speech = await send(withServer("examples/prompts/announcement.prompt.mdx", "--out", out));
    expect(speech.code).toBe(0);
    expect(readFileSync(join(out, "announcement.wav")).subarray(0, 4).toString()).toBe("RIFF");
  });

  it("says what to do when nothing listens at the URL", SLOW_TEST, async () => {
    const port = await freePort();
    const run = await send(["examples/prompts/haiku.prompt.mdx", "--url", `http://127.0.0.1:${port}/`, "--secret", SECRET]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`could not connect to http://127.0.0.1:${port}/ — is npm run dev running?`);
  });

  it("points at the line of an MDX or frontmatter error, before sending anything", SLOW_TEST, async () => {
    const before = jobs.length;
    const mdx = await send(withServer(target("broken.prompt.mdx")));
    expect(mdx.code).toBe(1);
    expect(mdx.stderr.trim()).toBe(`${target("broken.prompt.mdx")}:8:18: Unexpected end of file in expression, expected a corresponding closing brace for \`{\``);
    const yaml = await send(withServer(target("bad-yaml.prompt.mdx")));
    expect(yaml.code).toBe(1);
    expect(yaml.stderr.trim()).toMatch(new RegExp(`^${target("bad-yaml.prompt.mdx").replace(/[.]/g, "\\.")}:4:1: invalid YAML frontmatter: `));
    expect(jobs.length).toBe(before);
  });

  it("refuses bad flags with a usage error (exit 2) that names the problem", SLOW_TEST, async () => {
    const props = await send(withServer("examples/prompts/haiku.prompt.mdx", "--props", "{topic: rain}"));
    expect(props.code).toBe(2);
    expect(props.stderr).toMatch(/^--props is not valid JSON: Expected property name/);
    const rows = await send(withServer("examples/prompts/haiku.prompt.mdx", "--rows", "1"));
    expect(rows.code).toBe(2);
    expect(rows.stderr).toMatch(/^--rows applies to experiments: add --dataset/);
  });

  it("signs with the secret wrangler dev would use: .dev.vars over the environment, comments stripped", SLOW_TEST, async () => {
    const project = mkdtempSync(join(tmpdir(), "send-devvars-"));
    try {
      writeFileSync(join(project, ".dev.vars"), `AGENTMARK_WEBHOOK_SECRET=${SECRET} # the local secret\n`);
      const run = await send([resolve("examples/prompts/haiku.prompt.mdx"), "--url", url], { cwd: project, env: { AGENTMARK_WEBHOOK_SECRET: "stale-secret" } });
      expect(run.stderr).toContain("note: AGENTMARK_WEBHOOK_SECRET from the environment is ignored: the local Worker uses the one in .dev.vars");
      expect(run.code).toBe(0);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
