/** Upstream failures, aborts and timeouts: always a terminal error event, never a secret. */
import { describe, expect, it, vi } from "vitest";
import type { AgentEvent } from "../../../src/protocol/agent-events";
import { createAiSdkRunner, openaiFromEnv } from "../../../src/runners/ai-sdk";
import { WAIT } from "../../helpers/wait";
import { collect, ctx, FAKE_KEY, objectPrompt, only, origin, reportReceived, requestsWith, textOf, textPrompt, uid, waitForAborted } from "./helpers";

const runner = createAiSdkRunner({ providers: { openai: openaiFromEnv } });

function lastError(events: { type: string }[]): string {
  const last = events.at(-1) as { type: string; error?: string };
  expect(last.type).toBe("error");
  expect(events.filter((e) => e.type === "error")).toHaveLength(1);
  return last.error!;
}

describe.each(["openai", "openai.chat"])("provider errors via %s", (provider) => {
  it.each([true, false])("stream=%s: 429 carries the provider's message", async (stream) => {
    const id = uid();
    const events = await collect(runner.runText!(textPrompt(`${provider}/fail-429`, id, { max_retries: 0 }), ctx({ stream })));
    expect(lastError(events)).toContain("Rate limit reached for fail-429");
    expect(await requestsWith(id)).toHaveLength(1);
  });

  it("429 with retries: honours retry-after-ms and reports the last error", async () => {
    const id = uid();
    const events = await collect(runner.runText!(textPrompt(`${provider}/fail-429`, id, { max_retries: 1 }), ctx()));
    expect(lastError(events)).toMatch(/Rate limit reached/);
    expect(await requestsWith(id)).toHaveLength(2);
  });

  it.each([true, false])("stream=%s: 500 carries the provider's message", async (stream) => {
    const events = await collect(runner.runText!(textPrompt(`${provider}/fail-500`, uid(), { max_retries: 0 }), ctx({ stream })));
    expect(lastError(events)).toContain("The server had an error while processing your request");
  });

  it.each([true, false])("stream=%s: 401 echoing the API key is redacted", async (stream) => {
    const events = await collect(runner.runText!(textPrompt(`${provider}/fail-401`, uid()), ctx({ stream })));
    const message = lastError(events);
    expect(message).toContain("Incorrect API key provided");
    expect(message).not.toContain(FAKE_KEY);
    expect(JSON.stringify(events)).not.toContain(FAKE_KEY);
  });

  const endpoint = `${origin}/openai/v1/${provider === "openai" ? "responses" : "chat/completions"}`;

  it("mid-stream disconnect: partial text, then one terminal error naming the provider and the URL", async () => {
    const events = await collect(runner.runText!(textPrompt(`${provider}/disconnect-mid-stream`, `${uid()} [[say:one two three four five]]`), ctx()));
    expect(textOf(events)).toBe("one two ");
    const message = lastError(events);
    expect(message.startsWith(`The connection to openai at ${endpoint} broke off: `)).toBe(true);
    expect(message).toMatch(/connection|body|terminated/i);
  });

  it.each([true, false])("stream=%s: a dropped connection (no response) is one terminal error naming the provider and the URL", async (stream) => {
    const events = await collect(runner.runText!(textPrompt(`${provider}/drop-connection`, uid(), { max_retries: 0 }), ctx({ stream })));
    expect(events).toEqual([{ type: "error", error: expect.stringMatching(/connection/i) }]);
    expect((events[0] as { error: string }).error.startsWith(`Could not reach openai at ${endpoint}: `)).toBe(true);
  });

  it("a failure with an HTTP answer is not called a network failure", async () => {
    const events = await collect(runner.runText!(textPrompt(`${provider}/fail-500`, uid(), { max_retries: 0 }), ctx()));
    expect(lastError(events)).not.toMatch(/^(Could not reach|The connection to)/);
  });

  it("malformed SSE data: one terminal error", async () => {
    const events = await collect(runner.runText!(textPrompt(`${provider}/malformed-stream`, `${uid()} [[say:one two three]]`), ctx()));
    expect(textOf(events)).toBe("one ");
    expect(lastError(events)).toMatch(/JSON|parse|Unexpected|Invalid/i);
  });

  it("an in-band error event carries the provider's message", async () => {
    const events = await collect(runner.runText!(textPrompt(`${provider}/stream-error`, `${uid()} [[say:one two three]]`), ctx()));
    expect(lastError(events)).toContain("The model produced invalid content");
  });

  it("a non-JSON success body (JSON mode) becomes an error event", async () => {
    const events = await collect(runner.runText!(textPrompt(`${provider}/not-json`, uid(), { max_retries: 0 }), ctx({ stream: false })));
    expect(lastError(events)).not.toBe("");
  });

  it("object prompts report upstream errors the same way", async () => {
    const events = await collect(runner.runObject!(objectPrompt(`${provider}/fail-500`, uid(), { max_retries: 0 }), ctx()));
    expect(lastError(events)).toContain("The server had an error");
  });
});

it("the runner keeps serving after failures", async () => {
  await Promise.all(
    ["fail-500", "fail-429", "disconnect-mid-stream", "malformed-stream"].map((m) =>
      collect(runner.runText!(textPrompt(`openai/${m}`, `${uid()} [[say:a b c d]]`, { max_retries: 0 }), ctx())),
    ),
  );
  const events = await collect(runner.runText!(textPrompt("openai/gpt", `${uid()} [[say:still alive]]`), ctx()));
  expect(textOf(events)).toBe("still alive");
});

describe("abort", () => {
  it.each(["openai", "openai.chat"])("%s: the caller's signal cancels the upstream request mid-stream", async (provider) => {
    const id = uid();
    const controller = new AbortController();
    const events: AgentEvent[] = [];
    // Lockstep: the fake sends the next delta only once told the previous one arrived, so
    // after the abort at the second delta there is nothing more it could have sent.
    const prompt = textPrompt(`${provider}/lockstep`, `${id} [[lockstep:${id}]] [[say:one two three four five six]]`);
    for await (const event of runner.runText!(prompt, ctx({ signal: controller.signal }))) {
      events.push(event);
      const deltas = only(events, "text-delta").length;
      if (event.type !== "text-delta") continue;
      if (deltas === 2) controller.abort();
      else await reportReceived(id, deltas);
    }
    expect(textOf(events)).toBe("one two ");
    expect(events.at(-1)).toMatchObject({ type: "error", error: expect.stringContaining("caller disconnected") });
    expect(await waitForAborted(id)).toBe(true);
  });

  it("a consumer that stops iterating cancels the upstream request", async () => {
    const id = uid();
    let n = 0;
    for await (const _ of runner.runText!(textPrompt("openai/slow-tokens", id), ctx())) {
      if (++n === 2) break;
    }
    expect(await waitForAborted(id)).toBe(true);
  });

  it("an abort during a JSON (non-streaming) call ends with an error event", async () => {
    const id = uid();
    const controller = new AbortController();
    const running = collect(runner.runText!(textPrompt("openai/no-answer", id), ctx({ stream: false, signal: controller.signal })));
    await vi.waitFor(async () => expect(await requestsWith(id)).toHaveLength(1), WAIT); // the call is at the upstream
    controller.abort();
    expect(await running).toEqual([{ type: "error", error: expect.stringContaining("caller disconnected") }]);
    expect(await waitForAborted(id)).toBe(true);
  });

  it("a timeout from the runner options ends with an error event", async () => {
    const timed = createAiSdkRunner({ providers: { openai: openaiFromEnv }, timeout: 200 });
    const id = uid();
    // The upstream never answers: only the runner's own timeout can end this call.
    const events = await collect(timed.runText!(textPrompt("openai/no-answer", id), ctx({ stream: false })));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "error", error: expect.stringMatching(/timeout|timed out|abort/i) });
    expect(await waitForAborted(id)).toBe(true);
  });
});

it("redacts the key even when the env is a non-enumerable proxy (as the app passes it)", async () => {
  const values: Record<string, string> = { OPENAI_API_KEY: "sk-proxy-env-key-987654321", OPENAI_BASE_URL: ctx().env.OPENAI_BASE_URL! };
  const env = new Proxy({}, { get: (_t, name) => (typeof name === "string" ? values[name] : undefined) });
  const events = await collect(runner.runText!(textPrompt("openai/fail-401", uid()), ctx({ env })));
  expect(JSON.stringify(events)).toContain("Incorrect API key provided");
  expect(JSON.stringify(events)).not.toContain("sk-proxy-env-key-987654321");
});
