/**
 * Issue #13's hostile prompts through the whole app (verify, parse, compile): each is a 400
 * `{message}` naming its setting, the app keeps serving, a dataset row that breaks a limit is
 * one in-band error line, and `limits.compile` in the config changes what is allowed.
 * Defined once, run in workerd (hostile-jobs.test.ts) and in Node (hostile-jobs.node.test.ts).
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { defineConfig, type AgentmarkConfig } from "../../src/config";
import { createLocalRunner } from "../../src/runners/local";
import { bodyText, ndjsonLines, signedRequest, TEST_SECRET } from "../helpers/signed";
import { expression, forEach, HOSTILE_CASES, limitMessage, promptRunJob, root, user } from "../prompt/hostile";

const env = { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, AGENTMARK_LOG_LEVEL: "silent" };

function appWith(extra: Partial<AgentmarkConfig> = {}) {
  return createApp(defineConfig({ runners: [createLocalRunner()], ...extra }));
}

export function hostileJobSuite(): void {
  const DATASETS = { "deep.jsonl": `{"input":{"q":"fine"}}\n{"input":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}\n` };
  const app = appWith({ datasets: DATASETS });
  const post = async (job: unknown, target = app) => target.fetch(await signedRequest(job), env);

  describe("hostile prompt-runs are a 400 naming the setting; the app keeps serving", () => {
    for (const hostile of HOSTILE_CASES) {
      it(hostile.name, async () => {
        const res = await post(promptRunJob(hostile));
        expect(res.status).toBe(400);
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
        expect(((await res.json()) as { message: string }).message).toMatch(limitMessage(hostile.limit));
      });
    }

    it("serves a normal prompt-run afterwards", async () => {
      const res = await post({ type: "prompt-run", data: { ast: root([user(expression('"still " + "here"'))]), options: { shouldStream: false } } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { result: string }).result).toBe("(local model) You said: still here");
    });
  });

  it("a dataset row that breaks a limit is one in-band error line naming the setting", async () => {
    const ast = root([user(expression("props.q"))], "name: rows\ntext_config:\n  model_name: local/echo");
    // The reader's own depth limit (limits.run.maxDatasetRowDepth) would refuse the row first: raised here, so the compiler's is the one that fires.
    const compileDecides = appWith({ datasets: DATASETS, limits: { run: { maxDatasetRowDepth: 10_000 } } });
    const res = await post({ type: "dataset-run", data: { ast, datasetPath: "deep.jsonl", concurrency: 1 } }, compileDecides);
    expect(res.status).toBe(200);
    const lines = [] as Array<Record<string, unknown>>;
    for await (const line of ndjsonLines(res)) lines.push(line as Record<string, unknown>);
    expect(lines.map((line) => line.type)).toEqual(["dataset", "error"]);
    expect(lines[1]!.error).toMatch(limitMessage("maxDepth"));
  });

  it("limits.compile in the config raises or lowers a limit", async () => {
    const loop = { type: "prompt-run", data: { ast: root([user(forEach("props.items", "{x}"))]), customProps: { items: Array(1_500).fill("i") }, options: { shouldStream: false } } };
    const refused = await post(loop);
    expect(refused.status).toBe(400);
    expect(await bodyText(refused)).toMatch(/limits\.compile\.maxLoopIterations/);
    expect((await post(loop, appWith({ limits: { compile: { maxLoopIterations: 2_000 } } }))).status).toBe(200);

    const small = { type: "prompt-run", data: { ast: root([user(expression('"a" + "b"'))]), options: { shouldStream: false } } };
    const strict = appWith({ limits: { compile: { maxExpressionChars: 5 } } });
    const res = await post(small, strict);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(limitMessage("maxExpressionChars"));
  });
}
