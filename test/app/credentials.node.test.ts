/**
 * Credentials inside URL settings never reach an answer or a log line (issue #13 point 4), in
 * Node, where fetch refuses a URL with user info and echoes the whole URL in its error:
 * `OPENAI_BASE_URL=https://user:pass@gateway/v1` (streamed and not), `AGENTMARK_BASE_URL` with
 * user info (dataset source), and the path of `ALERT_SLACK_WEBHOOK_URL` (the Slack credential).
 */
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import { builtinEvals } from "../../src/experiments/builtin-evals";
import { createAiSdkRunner, openaiFromEnv } from "../../src/runners/ai-sdk";
import { createLocalRunner } from "../../src/runners/local";
import { drainBackgroundWork } from "../../src/runtime/wait-until";
import { bodyText, signedRequest, TEST_SECRET } from "../helpers/signed";
import { captureLogs } from "../helpers/logs";

const fakes = inject("fakesOrigin");
const PASSWORD = "gw-pa55word-0123";
const SLACK_SECRET = "XXXXslackSECRETpathXXXX";
const withUser = (origin: string, path: string) => origin.replace("http://", `http://gw-user:${PASSWORD}@`) + path;

const env = {
  AGENTMARK_WEBHOOK_SECRET: TEST_SECRET,
  AGENTMARK_LOG_LEVEL: "info",
  OPENAI_API_KEY: "sk-credentials-test-0123456789",
  OPENAI_BASE_URL: withUser(fakes, "/openai/v1"),
  AGENTMARK_BASE_URL: withUser(fakes, "/agentmark"),
  ALERT_SLACK_WEBHOOK_URL: `http://127.0.0.1:1/services/T0/B0/${SLACK_SECRET}`,
  AGENTMARK_TRACING: "off",
};

const app = createApp(defineConfig({ runners: [createLocalRunner(), createAiSdkRunner({ providers: { openai: openaiFromEnv } })], evals: builtinEvals }));

function textJob(shouldStream: boolean) {
  return {
    type: "prompt-run",
    data: {
      ast: {
        type: "root",
        children: [
          { type: "yaml", value: "name: t\ntext_config:\n  model_name: openai/gpt-4o-mini\n  max_retries: 0" },
          { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "hi" }] }] },
        ],
      },
      options: { shouldStream },
    },
  };
}

afterEach(() => vi.restoreAllMocks());

describe("credentials inside URL settings stay out of answers and logs", () => {
  it.each([true, false])("OPENAI_BASE_URL with user info (stream=%s): the failure is answered, without the password", async (stream) => {
    const logs = captureLogs();
    const res = await app.fetch(await signedRequest(textJob(stream)), env);
    const answer = await bodyText(res);
    expect(answer).toMatch(/error|message/);
    expect(answer).not.toContain(PASSWORD);
    expect(logs.join("\n")).not.toContain(PASSWORD);
  });

  it("AGENTMARK_BASE_URL with user info: the dataset source's failure is answered, without the password", async () => {
    const logs = captureLogs();
    const job = { type: "dataset-run", data: { ...textJob(false).data, datasetPath: "datasets/api.jsonl" } };
    const res = await app.fetch(await signedRequest(job), env);
    const answer = await bodyText(res);
    expect(answer).toContain("datasets/api.jsonl");
    expect(answer).not.toContain(PASSWORD);
    expect(logs.join("\n")).not.toContain(PASSWORD);
  });

  it("the Slack webhook's path never reaches a log line when delivery fails", async () => {
    const logs = captureLogs();
    const res = await app.fetch(await signedRequest({ type: "alert", data: { alert: { id: "a1", name: "n", status: "triggered" } } }), env);
    expect(res.status).toBe(202);
    await drainBackgroundWork();
    expect(logs.join("\n")).toContain('"event":"alert_sink_failed"');
    expect(logs.join("\n")).not.toContain(SLACK_SECRET);
  });
});
