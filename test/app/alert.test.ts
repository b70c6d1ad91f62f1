/**
 * alert: 202 at once, then delivery after the response (Workers waitUntil) to the log,
 * a Slack incoming webhook (a fake on loopback) and the config's onAlert; a failing sink
 * never reaches the platform.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env as workerEnv } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import type { AlertPayload } from "../../src/protocol";
import { createLocalRunner } from "../../src/runners/local";
import { signedRequest, TEST_SECRET } from "../helpers/signed";

const FAKES = (workerEnv as unknown as { FAKES_ORIGIN: string }).FAKES_ORIGIN;

const alert = {
  id: "6f1c1d9e-2f7b-4a63-9a55-0d1c2f3a4b5c",
  name: "High error rate",
  metric: "error_rate",
  threshold: 5,
  time_window: 15,
  status: "triggered",
  triggered_value: "7.5",
  environment_id: null,
  created_at: "2026-06-01T12:00:00.000Z",
  future_field: { kept: true },
};

async function recorded(path: string) {
  const all = (await (await fetch(`${FAKES}/_control/requests`)).json()) as Array<{ path: string; body: string; headers: Record<string, string> }>;
  return all.filter((r) => r.path === path);
}

afterEach(() => vi.restoreAllMocks());

describe("alert", () => {
  it("answers 202 {ok:true} and delivers to Slack, onAlert and the log after the response", async () => {
    const slackPath = `/slack/${crypto.randomUUID()}`;
    const seen: AlertPayload[] = [];
    let releaseSink!: () => void;
    const sinkGate = new Promise<void>((r) => (releaseSink = r));
    const app = createApp(
      defineConfig({
        runners: [createLocalRunner()],
        alerts: {
          onAlert: async (a) => {
            await sinkGate;
            seen.push(a);
          },
        },
      }),
    );
    const logs: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void logs.push(line));
    const ctx = createExecutionContext();
    const res = await app.fetch(
      await signedRequest({ type: "alert", data: { alert } }),
      { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, ALERT_SLACK_WEBHOOK_URL: `${FAKES}${slackPath}` },
      ctx,
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toHaveLength(0); // delivered after the response, not before
    releaseSink();
    await waitOnExecutionContext(ctx);

    expect(seen).toHaveLength(1);
    expect(seen[0]!.future_field).toEqual({ kept: true });
    const [slack] = await recorded(slackPath);
    expect(JSON.parse(slack!.body)).toEqual({
      text: ":rotating_light: AgentMark alert *High error rate* triggered: error_rate = 7.5 (threshold 5, window 15 min)",
    });
    const alertLog = logs.map((l) => JSON.parse(l)).find((l) => l.event === "alert");
    expect(alertLog).toMatchObject({ level: "info", id: alert.id, status: "triggered", metric: "error_rate" });
  });

  it("a failing Slack and a throwing onAlert are logged, and the platform still gets 202", async () => {
    const app = createApp(
      defineConfig({
        runners: [createLocalRunner()],
        alerts: {
          onAlert: () => {
            throw new Error("pager down");
          },
        },
      }),
    );
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(console, "log").mockImplementation(() => {});
    const ctx = createExecutionContext();
    const res = await app.fetch(
      await signedRequest({ type: "alert", data: { alert: { ...alert, status: "resolved" } } }),
      // A closed port: the Slack POST fails at the network level (workerd also logs "Network connection lost" for it).
      { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, ALERT_SLACK_WEBHOOK_URL: "http://127.0.0.1:9/slack/closed" },
      ctx,
    );
    expect(res.status).toBe(202);
    await waitOnExecutionContext(ctx);
    const failures = errors.map((l) => JSON.parse(l)).filter((l) => l.event === "alert_sink_failed");
    expect(failures.map((f) => f.sink).sort()).toEqual(["onAlert", "slack"]);
    expect(failures.find((f) => f.sink === "onAlert").error).toBe("pager down");
  });

  it("a Slack error status is reported with Slack's answer", async () => {
    const slackPath = `/slack/fail-${crypto.randomUUID()}`;
    const app = createApp(defineConfig({ runners: [createLocalRunner()] }));
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(console, "log").mockImplementation(() => {});
    const ctx = createExecutionContext();
    await app.fetch(
      await signedRequest({ type: "alert", data: { alert } }),
      { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, ALERT_SLACK_WEBHOOK_URL: `${FAKES}${slackPath}` },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const failure = errors.map((l) => JSON.parse(l)).find((l) => l.event === "alert_sink_failed");
    expect(failure).toMatchObject({ sink: "slack", error: "Slack answered 500: invalid_payload" });
  });
});
