/**
 * Issue #13, point 2, through the app in workerd: every amount of work a signed job controls
 * outside the compiler is bounded (local model output, tool loop, retries, dataset lines and
 * rows, eval inputs, regex evals), and every upstream call ends (model calls, dataset
 * sources), each with a 4xx or a clear in-band error that names its setting. No timing is
 * asserted: the timeouts are set low and the tests wait for the events they cause.
 */
import { env as workerEnv } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { defineConfig, type AgentmarkConfig } from "../../src/config";
import { builtinEvals } from "../../src/experiments/builtin-evals";
import { createAiSdkRunner, openaiFromEnv } from "../../src/runners/ai-sdk";
import { createLocalRunner } from "../../src/runners/local";
import { ndjsonLines, signedRequest, TEST_SECRET } from "../helpers/signed";
// The AI SDK runner loads the SDK with its first run (src/runners/ai-sdk/calls.ts), which the
// test runner's module transform makes take seconds here: loaded up front, so that the 300 ms
// deadlines below fall on the model call they are about, not on that load.
import "../../src/runners/ai-sdk/calls";
import "@ai-sdk/openai";

const FAKES = (workerEnv as unknown as { FAKES_ORIGIN: string }).FAKES_ORIGIN;
const env = {
  AGENTMARK_WEBHOOK_SECRET: TEST_SECRET,
  AGENTMARK_LOG_LEVEL: "silent",
  OPENAI_API_KEY: "sk-bounded-work-0123456789",
  OPENAI_BASE_URL: `${FAKES}/openai/v1`,
};

type Line = { type: string; error?: string; result?: { evals?: Array<Record<string, unknown>>; input?: unknown } };

function app(overrides: Partial<AgentmarkConfig> = {}) {
  return createApp(
    defineConfig({
      runners: [createLocalRunner(), createAiSdkRunner({ providers: { openai: openaiFromEnv } })],
      evals: { ...builtinEvals },
      ...overrides,
    }),
  );
}

function ast(frontmatter: string, user = "{props.q}") {
  const expression = /^\{(.+)\}$/.exec(user);
  const child = expression ? { type: "mdxTextExpression", value: expression[1] } : { type: "text", value: user };
  return {
    type: "root",
    children: [
      { type: "yaml", value: frontmatter },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [child] }] },
    ],
  };
}

const uid = () => `u${crypto.randomUUID().slice(0, 8)}`;

async function post(job: unknown, target = app(), bindings: Record<string, string> = env, signal?: AbortSignal) {
  const request = await signedRequest(job);
  return target.fetch(signal ? new Request(request, { signal }) : request, bindings);
}

async function lines(res: Response): Promise<Line[]> {
  expect(res.status).toBe(200);
  const out: Line[] = [];
  for await (const line of ndjsonLines(res)) out.push(line as Line);
  return out;
}

async function message(res: Response): Promise<string> {
  return ((await res.json()) as { message: string }).message;
}

async function abortedAtFake(): Promise<string[]> {
  return (await (await fetch(`${FAKES}/_control/aborted`)).json()) as string[];
}

/** Waits (by polling the fake, with no deadline of its own: the test's timeout catches a hang) until it saw `label` aborted. */
async function untilAbortedAtFake(label: string): Promise<void> {
  while (!(await abortedAtFake()).some((entry) => entry.includes(label))) await new Promise((r) => setTimeout(r, 20));
}

describe("the local model's output is bounded by the schema's declared sizes, before generating", () => {
  const objectJob = (schema: string, shouldStream = false) => ({
    type: "prompt-run",
    data: { ast: ast(`name: big\nobject_config:\n  model_name: local/echo\n  schema: ${schema}`, "make it"), options: { shouldStream } },
  });

  it.each([false, true])("minItems: 10,000,000 (a 377-byte schema) is a 400 naming the setting (stream=%s)", async (stream) => {
    const res = await post(objectJob('{"type":"object","properties":{"items":{"type":"array","minItems":10000000,"items":{"type":"string"}}}}', stream));
    expect(res.status).toBe(400);
    expect(await message(res)).toMatch(/more than 10000 values .*\(setting limits\.run\.maxLocalModelValues\)$/);
  });

  it("20,000 properties is a 400; nested arrays multiply", async () => {
    const props = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`p${i}`, { type: "string" }]));
    expect((await post(objectJob(JSON.stringify({ type: "object", properties: props })))).status).toBe(400);
    const nested = { type: "array", minItems: 200, items: { type: "array", minItems: 200, items: { type: "number" } } };
    expect((await post(objectJob(JSON.stringify({ type: "object", properties: { grid: nested } })))).status).toBe(400);
  });

  it("a schema within the limit is generated, streamed in a bounded number of partials", async () => {
    const props = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`p${i}`, { type: "string" }]));
    const streamed = await lines(await post(objectJob(JSON.stringify({ type: "object", properties: props }), true)));
    expect(streamed.length).toBeLessThanOrEqual(16 + 2);
    expect(streamed.at(-1)?.type).not.toBe("error");
  });

  it("limits.run.maxLocalModelValues raises the limit", async () => {
    const schema = '{"type":"object","properties":{"items":{"type":"array","minItems":20000,"items":{"type":"integer"}}}}';
    expect((await post(objectJob(schema))).status).toBe(400);
    const res = await post(objectJob(schema), app({ limits: { run: { maxLocalModelValues: 30_000 } } }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { items: unknown[] } }).result.items).toHaveLength(20_000);
  });
});

describe("settings that ask for repeated upstream work are capped", () => {
  it.each([
    ["max_calls: 100000", "limits.run.maxCalls"],
    ["max_retries: 1000", "limits.run.maxRetries"],
  ])("%s is a 400 naming %s, before any model call", async (setting, name) => {
    const id = uid();
    const res = await post({ type: "prompt-run", data: { ast: ast(`name: loop\ntext_config:\n  model_name: openai/${id}\n  ${setting}`, "hi"), options: { shouldStream: true } } });
    expect(res.status).toBe(400);
    expect(await message(res)).toContain(`(setting ${name})`);
    const seen = (await (await fetch(`${FAKES}/_control/requests`)).json()) as Array<{ body: string }>;
    expect(seen.some((r) => r.body.includes(id))).toBe(false);
  });

  it("a dataset-run whose prompt asks too much is refused before streaming", async () => {
    const res = await post(
      { type: "dataset-run", data: { ast: ast("name: loop\ntext_config:\n  model_name: local/echo\n  max_calls: 101"), datasetPath: "d.jsonl" } },
      app({ datasets: { "d.jsonl": '{"input":{"q":"a"}}' } }),
    );
    expect(res.status).toBe(400);
    expect(await message(res)).toContain("limits.run.maxCalls");
  });
});

describe("datasets are bounded: lines, rows, and the time a source may take", () => {
  const job = (datasetPath: string, extra: Record<string, unknown> = {}) => ({
    type: "dataset-run",
    data: { ast: ast("name: ds\ntext_config:\n  model_name: local/echo\ntest_settings:\n  evals: [regex, json_match]"), datasetPath, concurrency: 1, ...extra },
  });

  it("more rows than limits.run.maxDatasetRows: the rows before, then one error line", async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `{"input":{"q":"r${i}"}}`).join("\n");
    const out = await lines(await post(job("many.jsonl"), app({ datasets: { "many.jsonl": rows }, limits: { run: { maxDatasetRows: 3 } } })));
    expect(out.filter((l) => l.type === "dataset")).toHaveLength(3);
    expect(out.at(-1)).toEqual({ type: "error", error: "Dataset many.jsonl has more than 3 rows (setting limits.run.maxDatasetRows)" });
  });

  it("a line longer than limits.run.maxDatasetLineChars is an error line naming it", async () => {
    const rows = `{"input":{"q":"fine"}}\n{"input":{"q":"${"x".repeat(5_000)}"}}\n`;
    const out = await lines(await post(job("long.jsonl"), app({ datasets: { "long.jsonl": rows }, limits: { run: { maxDatasetLineChars: 1_000 } } })));
    expect(out.at(-1)?.error).toBe("Dataset long.jsonl: line 2 is longer than 1000 characters (setting limits.run.maxDatasetLineChars)");
  });

  it("an API that never answers: 504 naming limits.timeouts.datasetReadMs, and the request to it is abandoned", async () => {
    const apiEnv = { ...env, AGENTMARK_BASE_URL: `${FAKES}/agentmark` };
    const res = await post(job("datasets/hang.jsonl"), app({ limits: { timeouts: { datasetReadMs: 300 } } }), apiEnv);
    expect(res.status).toBe(504);
    expect(await message(res)).toBe(
      `The AgentMark API at ${FAKES}/agentmark did not answer within 300 ms for dataset datasets/hang.jsonl (setting limits.timeouts.datasetReadMs)`,
    );
    await untilAbortedAtFake("agentmark datasets/hang.jsonl");
  });

  it("an API that drips one byte every 200 ms: an error line naming the setting, and the body is abandoned", async () => {
    const apiEnv = { ...env, AGENTMARK_BASE_URL: `${FAKES}/agentmark` };
    const out = await lines(await post(job("datasets/drip.jsonl"), app({ limits: { timeouts: { datasetReadMs: 500 } } }), apiEnv));
    expect(out).toEqual([{ type: "error", error: "Dataset datasets/drip.jsonl: no complete line arrived within 500 ms (setting limits.timeouts.datasetReadMs)" }]);
    await untilAbortedAtFake("agentmark datasets/drip.jsonl");
  });
});

describe("eval inputs are bounded, and the regex eval runs in linear time", () => {
  const evalJob = (evals: string) => ({
    type: "dataset-run",
    data: { ast: ast(`name: ev\ntext_config:\n  model_name: local/echo\ntest_settings:\n  evals: [${evals}]`), datasetPath: "ev.jsonl", concurrency: 1 },
  });

  it("(a+)+$ against a row that backtracking would take minutes on: an answer", async () => {
    const rows = `{"input":{"q":"${"a".repeat(40)}!"},"expected_output":"(a+)+$"}\n{"input":{"q":"aaa"},"expected_output":"/A+$/i"}`;
    const out = await lines(await post(evalJob("regex"), app({ datasets: { "ev.jsonl": rows } })));
    const verdicts = out.map((l) => [(l.result?.input as { q: string }).q.length, l.result?.evals?.[0]?.passed]).sort();
    expect(verdicts).toEqual([[3, true], [41, false]]);
  });

  it("patterns the linear-time engine cannot run fail the eval with the reason", async () => {
    const rows = '{"input":{"q":"abab"},"expected_output":"(ab)\\\\1"}';
    const [line] = await lines(await post(evalJob("regex"), app({ datasets: { "ev.jsonl": rows } })));
    expect(line!.result!.evals![0]).toMatchObject({ passed: false, reason: expect.stringMatching(/^Invalid pattern: backreferences are not supported/) });
  });

  it("an expected output nested deeper than limits.run.maxEvalInputDepth reaches no scorer: the evals are skipped, naming it", async () => {
    const rows = `{"input":{"q":"x"},"expected_output":${"[".repeat(50)}${"]".repeat(50)}}`;
    const [line] = await lines(await post(evalJob("json_match, exact_match"), app({ datasets: { "ev.jsonl": rows }, limits: { run: { maxEvalInputDepth: 10 } } })));
    expect(line!.type).toBe("dataset");
    const reason = "The expected output is nested deeper than 10 levels (setting limits.run.maxEvalInputDepth)";
    expect(line!.result!.evals).toEqual([
      { name: "json_match", score: 0, passed: false, label: "skipped", reason },
      { name: "exact_match", score: 0, passed: false, label: "skipped", reason },
    ]);
  });

  it("a row nested 50,000 deep is one error line naming limits.run.maxDatasetRowDepth, not a stack overflow", async () => {
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    const rows = `{"input":{"q":"fine"}}\n{"input":{"q":"x"},"expected_output":${deep}}\n{"input":{"q":${deep}}}`;
    const out = await lines(await post(evalJob("json_match"), app({ datasets: { "ev.jsonl": rows } })));
    expect(out.map((l) => l.type)).toEqual(["dataset", "error"]);
    expect(out[1]!.error).toBe("Dataset ev.jsonl: the row at line 2 is nested deeper than 100 levels (setting limits.run.maxDatasetRowDepth)");
  });

  it("an expected output larger than limits.run.maxEvalInputChars is skipped too", async () => {
    const rows = `{"input":{"q":"x"},"expected_output":"${"y".repeat(2_000)}"}`;
    const [line] = await lines(await post(evalJob("contains"), app({ datasets: { "ev.jsonl": rows }, limits: { run: { maxEvalInputChars: 1_000 } } })));
    expect(line!.result!.evals![0]!.reason).toBe("The expected output is larger than 1000 characters (setting limits.run.maxEvalInputChars)");
  });
});

describe("every model call ends: timeouts of the run, whatever the runner", () => {
  const textJob = (model: string, shouldStream: boolean, said = uid()) => ({
    type: "prompt-run",
    data: { ast: ast(`name: t\ntext_config:\n  model_name: ${model}\n  max_retries: 0`, said), options: { shouldStream } },
  });

  it("a model that never answers, not streamed: 504 naming limits.timeouts.runMs, and the upstream request is aborted", async () => {
    const said = uid();
    const res = await post(textJob("openai/hang", false, said), app({ limits: { timeouts: { runMs: 300 } } }));
    expect(res.status).toBe(504);
    expect(await message(res)).toBe("The run did not finish within 300 ms (setting limits.timeouts.runMs)");
    await untilAbortedAtFake(said);
  });

  it("a model that never answers, streamed: one error line naming limits.timeouts.idleMs, upstream aborted", async () => {
    const said = uid();
    const out = await lines(await post(textJob("openai.chat/hang", true, said), app({ limits: { timeouts: { idleMs: 300 } } })));
    // The first event never came: a streamed run that cannot start fails in-band (200, one error line).
    expect(out).toEqual([{ type: "error", error: "The model sent nothing for 300 ms (setting limits.timeouts.idleMs)" }]);
    await untilAbortedAtFake(said);
  });

  it("a stream that stalls after its first token: the token, then one error line; upstream aborted", async () => {
    const said = uid();
    const out = await lines(await post(textJob("openai/stall", true, `${said} [[say:one two three]]`), app({ limits: { timeouts: { idleMs: 300 } } })));
    expect(out).toEqual([
      { type: "text", result: "one " },
      { type: "error", error: "The model sent nothing for 300 ms (setting limits.timeouts.idleMs)" },
    ]);
    await untilAbortedAtFake(said);
  });

  it("a dataset row whose model hangs is one error line; the other rows are answered", async () => {
    const said = uid();
    const rows = `{"input":{"q":"${said}"}}\n{"input":{"q":"fine"}}`;
    const routed = app({
      datasets: { "h.jsonl": rows },
      limits: { timeouts: { runMs: 300 } },
      runners: [
        {
          name: "by-input",
          kinds: ["text"],
          handles: () => true,
          runText: (prompt, ctx) => {
            const text = String(prompt.messages.at(-1)?.content);
            const model = text.includes(said) ? "openai/hang" : "local/echo";
            const target = model.startsWith("local/") ? createLocalRunner() : createAiSdkRunner({ providers: { openai: openaiFromEnv } });
            return target.runText!({ ...prompt, text_config: { ...prompt.text_config, model_name: model, max_retries: 0 } }, ctx);
          },
        },
      ],
    });
    const out = await lines(await post({ type: "dataset-run", data: { ast: ast("name: rows\ntext_config:\n  model_name: any/model"), datasetPath: "h.jsonl" } }, routed));
    expect(out.map((l) => l.type).sort()).toEqual(["dataset", "error"]);
    expect(out.find((l) => l.type === "error")!.error).toBe("The run did not finish within 300 ms (setting limits.timeouts.runMs)");
    await untilAbortedAtFake(said);
  });

  it.each(["openai", "openai.chat"])("%s: an HTML page answered 200 to a streaming call is an error line, not an empty success", async (provider) => {
    const out = await lines(await post(textJob(`${provider}/not-json`, true)));
    expect(out).toEqual([{ type: "error", error: expect.stringMatching(/^The model's answer ended without a completion signal/) }]);
  });
});

describe("a client that leaves aborts the upstream call", () => {
  it("before the first byte of a non-streamed run", async () => {
    const said = uid();
    const controller = new AbortController();
    const pending = post({ type: "prompt-run", data: { ast: ast("name: t\ntext_config:\n  model_name: openai/hang\n  max_retries: 0", said), options: { shouldStream: false } } }, app(), env, controller.signal);
    // Leave once the model call has started (the fake has it).
    for (;;) {
      const seen = (await (await fetch(`${FAKES}/_control/requests`)).json()) as Array<{ body: string }>;
      if (seen.some((r) => r.body.includes(said))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    controller.abort();
    await pending.catch(() => undefined);
    await untilAbortedAtFake(said);
  });

  it("while a streamed run is silent: a space every limits.timeouts.heartbeatMs (so workerd can notice a client that left), then the cancel aborts the model call", async () => {
    const said = uid();
    const job = { type: "prompt-run", data: { ast: ast("name: t\ntext_config:\n  model_name: openai/stall\n  max_retries: 0", `${said} [[say:one two three]]`), options: { shouldStream: true } } };
    const res = await post(job, app({ limits: { timeouts: { heartbeatMs: 1 } } }));
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!/\n {2}/.test(text)) {
      const { done, value } = await reader.read();
      expect(done, `the stream ended: ${JSON.stringify(text)}`).toBe(false);
      text += value;
    }
    // The model is silent after its first token: only heartbeats follow the line (and, the
    // first token taking longer than 1 ms, the answer started with heartbeats before it).
    expect(text).toMatch(/^ *\{"type":"text","result":"one "\}\n +$/);
    await reader.cancel("client went away");
    await untilAbortedAtFake(said);
  });
});
