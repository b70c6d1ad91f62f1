/**
 * dataset-run end to end through the app in workerd: bundled and API sources, evals,
 * per-row failures, malformed rows, sampling, completion order, bounded concurrency
 * observed at a loopback fake, and cancellation.
 */
import { env as workerEnv } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { defineConfig, type AgentmarkConfig } from "../../src/config";
import { builtinEvals } from "../../src/experiments/builtin-evals";
import type { AgentEvent } from "../../src/protocol";
import { createLocalRunner } from "../../src/runners/local";
import type { Runner } from "../../src/runners/types";
import { ndjsonLines, signedRequest, TEST_SECRET } from "../helpers/signed";
import { WAIT } from "../helpers/wait";

const FAKES = (workerEnv as unknown as { FAKES_ORIGIN: string }).FAKES_ORIGIN;
const env = { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, AGENTMARK_LOG_LEVEL: "silent" };

type Row = { type: string; result?: Record<string, unknown>; error?: string; runId?: string; runName?: string; traceId?: string };

function promptAst(frontmatter: string, user = "{props.question}") {
  const expression = /^\{(.+)\}$/.exec(user);
  const child = expression
    ? { type: "mdxTextExpression", value: expression[1] }
    : { type: "text", value: user };
  return {
    type: "root",
    children: [
      { type: "yaml", value: frontmatter },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [child] }] },
    ],
  };
}

const textPrompt = (model = "local/echo", evals = "[exact_match, contains]") =>
  promptAst(`name: exp\ntext_config:\n  model_name: ${model}\ntest_settings:\n  dataset: datasets/five.jsonl\n  evals: ${evals}`);

const FIVE = [
  '{"input":{"question":"What is 2+2?"},"expected_output":"(local model) You said: What is 2+2?"}',
  '{"input":{"question":"Say hello"},"expected_output":"hello"}',
  "",
  '{"input":{"question":"Capital of France?"},"expected_output":"Paris"}',
  '{"input":{"question":"open ended"}}',
  '{"input":{"question":"zero"},"expected_output":""}',
].join("\n");

function app(overrides: Partial<AgentmarkConfig> = {}) {
  return createApp(
    defineConfig({
      runners: [createLocalRunner()],
      evals: { ...builtinEvals },
      datasets: { "datasets/five.jsonl": FIVE, "datasets/broken.jsonl": '{"input":{"question":"a"}}\n{"input":{"question":"b"}}\n{nope\n{"input":{"question":"c"}}' },
      ...overrides,
    }),
  );
}

async function rowsOf(res: Response): Promise<Row[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/x-ndjson");
  expect(res.headers.get("agentmark-streaming")).toBe("true");
  const rows: Row[] = [];
  for await (const line of ndjsonLines(res)) rows.push(line as Row);
  return rows;
}

async function run(data: Record<string, unknown>, theApp = app(), bindings: Record<string, string> = env) {
  return theApp.fetch(await signedRequest({ type: "dataset-run", data }), bindings);
}

/**
 * A runner whose text calls a loopback fake (test/fakes/slow-model.ts), so overlap and
 * cancellation are observed there. `when(question)` says when the fake answers that row:
 * milliseconds, `after-<n>` other answers, `barrier-<n>` calls in flight, or `hold` (never).
 */
function upstreamRunner(runKey: string, when: (said: string) => string, fail?: (input: string) => boolean): Runner {
  return {
    name: "upstream",
    kinds: ["text"],
    handles: () => true,
    async *runText(prompt, ctx): AsyncIterable<AgentEvent> {
      const said = String(prompt.messages.at(-1)?.content ?? "");
      if (fail?.(said)) throw new Error(`upstream refused "${said}"`);
      const res = await fetch(`${FAKES}/slow/${when(said)}/${runKey}`, { method: "POST", signal: ctx.signal });
      await res.body?.cancel();
      yield { type: "text-delta", text: `answer to ${said}` };
      yield { type: "finish", reason: "stop", usage: { inputTokens: 2, outputTokens: 3 } };
    },
  };
}

interface SlowStats {
  calls: number;
  inFlight: number;
  maxInFlight: number;
  aborted: number;
}

const slowStats = async (key: string) => (await (await fetch(`${FAKES}/slow-stats/${key}`)).json()) as SlowStats;

describe("dataset-run", () => {
  it("runs a bundled 5-row dataset with evals: one dataset line per row, one runId", async () => {
    const rows = await rowsOf(await run({ ast: textPrompt(), experimentId: "echo-exp" }));
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.type === "dataset" && r.runName === "echo-exp")).toBe(true);
    const runIds = new Set(rows.map((r) => r.runId));
    expect(runIds.size).toBe(1);
    expect([...runIds][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rows.some((r) => "traceId" in r)).toBe(false); // tracing off → no traceId

    const byQuestion = new Map(rows.map((r) => [(r.result!.input as { question: string }).question, r.result!]));
    expect(byQuestion.get("What is 2+2?")).toEqual({
      input: { question: "What is 2+2?" },
      expectedOutput: "(local model) You said: What is 2+2?",
      actualOutput: "(local model) You said: What is 2+2?",
      tokens: 3 + 7, // words in, words out
      evals: [
        { name: "exact_match", score: 1, passed: true, label: "correct", reason: "Output matches the expected output" },
        { name: "contains", score: 1, passed: true, label: "correct", reason: "Output contains the expected text" },
      ],
    });
    const hello = byQuestion.get("Say hello")!.evals as Array<{ name: string; passed: boolean }>;
    expect(hello.map((e) => [e.name, e.passed])).toEqual([["exact_match", false], ["contains", true]]);
    expect(byQuestion.get("open ended")).not.toHaveProperty("expectedOutput");
    expect(byQuestion.get("zero")!.expectedOutput).toBe("");
  });

  it("defaults runName to local-experiment and the dataset to test_settings.dataset", async () => {
    const rows = await rowsOf(await run({ ast: textPrompt() }));
    expect(new Set(rows.map((r) => r.runName))).toEqual(new Set(["local-experiment"]));
  });

  it("skips unknown eval names and still scores the known ones", async () => {
    const rows = await rowsOf(await run({ ast: textPrompt("local/echo", "[no_such_eval, exact_match]"), datasetPath: "datasets/five.jsonl" }));
    for (const row of rows) expect((row.result!.evals as Array<{ name: string }>).map((e) => e.name)).toEqual(["exact_match"]);
  });

  it("reads the AgentMark API with the key and app id, NDJSON or a JSON array", async () => {
    const apiEnv = { ...env, AGENTMARK_BASE_URL: `${FAKES}/agentmark`, AGENTMARK_API_KEY: "am-key-123", AGENTMARK_APP_ID: "app-9" };
    const rows = await rowsOf(await run({ ast: textPrompt(), datasetPath: "datasets/api.jsonl" }, app({ datasets: {} }), apiEnv));
    expect(rows.map((r) => (r.result!.input as { question: string }).question).sort()).toEqual(["one", "three", "two"]);
    const recorded = (await (await fetch(`${FAKES}/_control/requests`)).json()) as Array<{ path: string; headers: Record<string, string> }>;
    const call = recorded.find((r) => r.path === "/agentmark/v1/templates?path=datasets%2Fapi.jsonl");
    expect(call?.headers.authorization).toBe("am-key-123");
    expect(call?.headers["x-agentmark-app-id"]).toBe("app-9");
    expect(call?.headers.accept).toBe("application/x-ndjson");

    const arrayRows = await rowsOf(await run({ ast: textPrompt(), datasetPath: "datasets/api-array.json" }, app({ datasets: {} }), apiEnv));
    expect(arrayRows.map((r) => (r.result!.input as { question: string }).question).sort()).toEqual(["alpha", "beta"]);
  });

  it("a dataset the API does not have is a 400 that says so", async () => {
    const apiEnv = { ...env, AGENTMARK_BASE_URL: `${FAKES}/agentmark` };
    const res = await run({ ast: textPrompt(), datasetPath: "datasets/missing.jsonl" }, app({ datasets: {} }), apiEnv);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(`Dataset datasets/missing.jsonl was not found: the AgentMark API at ${FAKES}/agentmark answered 404.`);
  });

  it("a dataset with no source is a 400; no network call, and it says why", async () => {
    const res = await run({ ast: textPrompt(), datasetPath: "datasets/elsewhere.jsonl" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /^No source for dataset datasets\/elsewhere.jsonl: it is not bundled \(bundled: datasets\/five.jsonl, datasets\/broken.jsonl; .*neither AGENTMARK_API_KEY nor AGENTMARK_BASE_URL is set\.$/,
    );
  });

  it("a dataset path that names an Object property is not a bundled dataset", async () => {
    for (const datasetPath of ["constructor", "toString", "__proto__"]) {
      const res = await run({ ast: textPrompt(), datasetPath });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(new RegExp(`^No source for dataset ${datasetPath}:`));
    }
  });

  it("after a malformed row, rows already running are still emitted", async () => {
    const dataset = '{"input":{"question":"slow one"}}\n{nope}';
    const runner = upstreamRunner(`fatal-${crypto.randomUUID()}`, () => "40");
    const rows = await rowsOf(await run({ ast: textPrompt("any/model", "[]"), datasetPath: "f.jsonl", concurrency: 2 }, app({ runners: [runner], datasets: { "f.jsonl": dataset } })));
    expect(rows.map((r) => r.type).sort()).toEqual(["dataset", "error"]);
  });

  it("turns a failing row into one error line and runs the others", async () => {
    const runner = upstreamRunner(`fail-${crypto.randomUUID()}`, () => "1", (said) => said === "Say hello");
    const rows = await rowsOf(await run({ ast: textPrompt("any/model") }, app({ runners: [runner] })));
    expect(rows.filter((r) => r.type === "dataset")).toHaveLength(4);
    expect(rows.filter((r) => r.type === "error")).toEqual([{ type: "error", error: 'upstream refused "Say hello"' }]);
  });

  it("stops at a malformed row with one error line", async () => {
    const rows = await rowsOf(await run({ ast: textPrompt(), datasetPath: "datasets/broken.jsonl", concurrency: 1 }));
    expect(rows.map((r) => r.type)).toEqual(["dataset", "dataset", "error"]);
    expect(rows[2]!.error).toMatch(/^Failed to parse JSON at line 3 in dataset datasets\/broken.jsonl: /);
  });

  it("stops at a row the prompt cannot be compiled with", async () => {
    const ast = {
      type: "root",
      children: [
        { type: "yaml", value: "name: att\ntext_config:\n  model_name: local/echo" },
        {
          type: "mdxJsxFlowElement",
          name: "User",
          attributes: [],
          children: [
            { type: "paragraph", children: [{ type: "text", value: "look" }] },
            { type: "mdxJsxFlowElement", name: "ImageAttachment", attributes: [{ type: "mdxJsxAttribute", name: "image", value: { type: "mdxJsxAttributeValueExpression", value: "props.img" } }], children: [] },
          ],
        },
      ],
    };
    // An attachment value must be a string: row 2 cannot be compiled.
    const dataset = '{"input":{"img":"https://example.com/a.png"}}\n{"input":{"img":42}}\n{"input":{"img":"https://example.com/b.png"}}';
    const rows = await rowsOf(await run({ ast, datasetPath: "d.jsonl", concurrency: 1 }, app({ datasets: { "d.jsonl": dataset } })));
    expect(rows.map((r) => r.type)).toEqual(["dataset", "error"]);
    expect(rows[1]!.error).toMatch(/ImageAttachment/);
  });

  it("samples rows from data.sampling", async () => {
    const rows = await rowsOf(await run({ ast: textPrompt(), sampling: { rows: [0, 3] } }));
    expect(rows.map((r) => (r.result!.input as { question: string }).question).sort()).toEqual(["What is 2+2?", "open ended"]);
    const split = await rowsOf(await run({ ast: textPrompt(), sampling: { split: "test:60" }, concurrency: 1 }));
    expect(split.map((r) => (r.result!.input as { question: string }).question)).toEqual(["open ended", "zero"]);
  });

  it("refuses invalid sampling with 400 before streaming", async () => {
    const res = await run({ ast: textPrompt(), sampling: { sample: 0 } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "Invalid sampling: Sample percentage must be an integer between 1 and 100" });
  });

  it("emits rows in completion order", async () => {
    const dataset = ['{"input":{"question":"slow first"}}', '{"input":{"question":"quick"}}', '{"input":{"question":"quick too"}}'].join("\n");
    // The first row is answered only once both others have been: last to complete, whatever the machine's speed.
    const runner = upstreamRunner(`order-${crypto.randomUUID()}`, (said) => (said === "slow first" ? "after-2" : "0"));
    const rows = await rowsOf(await run({ ast: textPrompt("any/model"), datasetPath: "o.jsonl", concurrency: 3 }, app({ runners: [runner], datasets: { "o.jsonl": dataset } })));
    expect(rows).toHaveLength(3);
    expect((rows.at(-1)!.result!.input as { question: string }).question).toBe("slow first");
  });

  it("really overlaps up to `concurrency` calls at the upstream, never more", async () => {
    const key = `conc-${crypto.randomUUID()}`;
    const dataset = Array.from({ length: 20 }, (_, i) => JSON.stringify({ input: { question: `q${i}` } })).join("\n");
    // Every call waits until 5 have been in flight at once: only a run that really overlaps 5 gets through.
    const runner = upstreamRunner(key, () => "barrier-5");
    const rows = await rowsOf(await run({ ast: textPrompt("any/model", "[]"), datasetPath: "c.jsonl", concurrency: 5 }, app({ runners: [runner], datasets: { "c.jsonl": dataset } })));
    expect(rows).toHaveLength(20);
    expect(await slowStats(key)).toEqual({ calls: 20, inFlight: 0, maxInFlight: 5, aborted: 0 });
  });

  it("a client disconnect stops new rows and cancels those in flight", async () => {
    const key = `abort-${crypto.randomUUID()}`;
    const dataset = Array.from({ length: 40 }, (_, i) => JSON.stringify({ input: { question: i === 0 ? `q${i}` : `held q${i}` } })).join("\n");
    // Row 0 is answered at once; every other row is held by the upstream until its caller goes away.
    const runner = upstreamRunner(key, (said) => (said.startsWith("held") ? "hold" : "0"));
    const res = await run({ ast: textPrompt("any/model", "[]"), datasetPath: "a.jsonl", concurrency: 4 }, app({ runners: [runner], datasets: { "a.jsonl": dataset } }));
    const reader = res.body!.getReader();
    await reader.read(); // the first row
    // Row 0's worker took row 4: four held calls at the upstream, and no way for a fifth to start.
    await vi.waitFor(async () => expect((await slowStats(key)).inFlight).toBe(4), WAIT);
    await reader.cancel("client went away");
    await vi.waitFor(async () => expect((await slowStats(key)).inFlight).toBe(0), WAIT);
    expect(await slowStats(key)).toMatchObject({ calls: 5, aborted: 4 });
  });

  it("object rows carry tokens; image and speech rows carry none and run no evals", async () => {
    const objectAst = promptAst(
      "name: o\nobject_config:\n  model_name: local/echo\n  schema:\n    type: object\n    properties:\n      n: { type: integer, minimum: 7, maximum: 7 }\ntest_settings:\n  evals: [json_match]",
    );
    const objRows = await rowsOf(await run({ ast: objectAst, datasetPath: "obj.jsonl" }, app({ datasets: { "obj.jsonl": '{"input":{"question":"x"},"expected_output":"{\\"n\\": 7}"}' } })));
    expect(objRows[0]!.result).toMatchObject({ actualOutput: { n: 7 }, evals: [{ name: "json_match", passed: true }] });
    expect(typeof objRows[0]!.result!.tokens).toBe("number");

    const imageAst = {
      type: "root",
      children: [
        { type: "yaml", value: "name: i\nimage_config:\n  model_name: local/paint\ntest_settings:\n  evals: [exact_match]" },
        { type: "mdxJsxFlowElement", name: "ImagePrompt", attributes: [], children: [{ type: "paragraph", children: [{ type: "mdxTextExpression", value: "props.question" }] }] },
      ],
    };
    const imgRows = await rowsOf(await run({ ast: imageAst, datasetPath: "img.jsonl" }, app({ datasets: { "img.jsonl": '{"input":{"question":"a cat"},"expected_output":[{"mimeType":"image/png"}]}' } })));
    expect(imgRows[0]!.result).not.toHaveProperty("tokens");
    expect(imgRows[0]!.result!.evals).toEqual([]);
    expect((imgRows[0]!.result!.actualOutput as Array<{ mimeType: string }>)[0]!.mimeType).toBe("image/png");
  });
});
