/**
 * The remote-runner protocol in workerd: a webhook app whose runner is `createRemoteRunner`
 * hands prompts to a second app that accepts remote runs (what the process build serves)
 * through an in-process transport, so the whole protocol runs here: signing, verification,
 * streaming, refusals, redaction and abort propagation. The same link over real HTTP to a
 * Node process running Claude is in claude-agent/worker-to-process.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import { defineConfig } from "../../../src/config";
import { acceptRemoteRuns } from "../../../src/handlers/remote-runner";
import type { AgentEvent } from "../../../src/protocol";
import { createLocalRunner } from "../../../src/runners/local";
import { createRemoteRunner } from "../../../src/runners/remote";
import { checkTimestamped, signTimestamped } from "../../../src/crypto";
import { MAX_CLOCK_SKEW_SECONDS, parseRunRequest, RUNNER_SIGNATURE_HEADER } from "../../../src/protocol/remote-run";
import type { Runner } from "../../../src/runners/types";
import { bodyText, ndjsonLines, signedRequest, TEST_SECRET } from "../../helpers/signed";

const RUNNER_SECRET = "runner-secret-0123456789";
const senderEnv = {
  AGENTMARK_WEBHOOK_SECRET: TEST_SECRET,
  AGENTMARK_LOG_LEVEL: "silent",
  AGENTMARK_REMOTE_RUNNER_URL: "http://runner.internal",
  AGENTMARK_RUNNER_SECRET: RUNNER_SECRET,
};
const receiverEnv = { AGENTMARK_RUNNER_SECRET: RUNNER_SECRET, AGENTMARK_LOG_LEVEL: "silent", ANTHROPIC_API_KEY: "sk-ant-receiver-secret-key" };

function ast(frontmatter: string, ...children: unknown[]) {
  return { type: "root", children: [{ type: "yaml", value: frontmatter }, ...children] };
}
function tag(name: string, text: string) {
  return { type: "mdxJsxFlowElement", name, attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: text }] }] };
}
const textAst = (model: string) => ast(`name: t\ntext_config:\n  model_name: ${model}`, tag("User", "what is two plus two"));
const objectAst = ast(
  "name: o\nobject_config:\n  model_name: local/echo\n  schema:\n    type: object\n    properties:\n      answer: { type: string }\n    required: [answer]",
  tag("User", "what is two plus two"),
);
const imageAst = ast("name: i\nimage_config:\n  model_name: local/paint\n  num_images: 2", tag("ImagePrompt", "a red square"));
const speechAst = ast("name: s\nspeech_config:\n  model_name: local/voice", tag("SpeechPrompt", "hello world"));

/** The receiving deployment (as the process build serves it) and the requests it got. */
function receiver(runners: Runner[], env: Record<string, string> = receiverEnv) {
  const config = defineConfig({ runners });
  const app = acceptRemoteRuns(createApp(config), config);
  const seen: Request[] = [];
  const transport = async (request: Request) => {
    seen.push(request.clone() as Request);
    return app.fetch(request, env);
  };
  return { app, seen, transport };
}

function sender(transport: (request: Request) => Promise<Response>, kinds: Runner["kinds"] = ["text", "object", "image", "speech"]) {
  return createApp(defineConfig({ runners: [createRemoteRunner({ models: /^(local|test)\//, kinds, transport })] }));
}

async function run(app: ReturnType<typeof createApp>, job: unknown, env: Record<string, string> = senderEnv) {
  return app.fetch(await signedRequest(job), env);
}

/** A streamed run that failed once started: 200 and one in-band error line (the webhook's contract). */
async function inBandError(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const out = (await lines(res)) as Array<{ type: string; error?: string }>;
  expect(out.map((l) => l.type)).toEqual(["error"]);
  return out[0]!.error!;
}

async function lines(res: Response): Promise<unknown[]> {
  const out = [];
  for await (const line of ndjsonLines(res)) out.push(line);
  return out;
}

describe("signing", () => {
  const skew = { maxSkewSeconds: MAX_CLOCK_SKEW_SECONDS };
  const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

  it("a signed request verifies; the signature covers the timestamp and the exact bytes", async () => {
    const body = JSON.stringify({ hello: "world" });
    const { timestamp, signature } = await signTimestamped(RUNNER_SECRET, body);
    expect(await checkTimestamped([RUNNER_SECRET], timestamp, signature, bytes(body), skew)).toEqual({ ok: true });
    expect(await checkTimestamped(["another-secret"], timestamp, signature, bytes(body), skew)).toEqual({ ok: false, reason: "mismatch" });
    expect(await checkTimestamped([RUNNER_SECRET], timestamp, signature, bytes(body.replace("world", "World")), skew)).toEqual({ ok: false, reason: "mismatch" });
    expect(await checkTimestamped([RUNNER_SECRET], String(Number(timestamp) - 1), signature, bytes(body), skew)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("a request signed more than five minutes away from the receiver's clock is refused (no replay later)", async () => {
    const now = Date.now();
    for (const offset of [-(MAX_CLOCK_SKEW_SECONDS + 1), MAX_CLOCK_SKEW_SECONDS + 1]) {
      const { timestamp, signature } = await signTimestamped(RUNNER_SECRET, "{}", now + offset * 1000);
      expect(await checkTimestamped([RUNNER_SECRET], timestamp, signature, bytes("{}"), { ...skew, nowMs: now })).toEqual({ ok: false, reason: "stale" });
    }
    const fresh = await signTimestamped(RUNNER_SECRET, "{}", now - (MAX_CLOCK_SKEW_SECONDS - 5) * 1000);
    expect(await checkTimestamped([RUNNER_SECRET], fresh.timestamp, fresh.signature, bytes("{}"), { ...skew, nowMs: now })).toEqual({ ok: true });
  });

  it("missing or malformed headers are refused", async () => {
    const now = String(Math.floor(Date.now() / 1000));
    expect(await checkTimestamped([RUNNER_SECRET], null, "sha256=00", bytes(""), skew)).toEqual({ ok: false, reason: "bad-timestamp" });
    expect(await checkTimestamped([RUNNER_SECRET], "12ab", "sha256=00", bytes(""), skew)).toEqual({ ok: false, reason: "bad-timestamp" });
    expect(await checkTimestamped([RUNNER_SECRET], now, undefined, bytes(""), skew)).toEqual({ ok: false, reason: "missing" });
    expect(await checkTimestamped([RUNNER_SECRET], now, "md5=abc", bytes(""), skew)).toEqual({ ok: false, reason: "malformed" });
  });

  it("the body is validated after the signature: version, kind and model name", () => {
    expect(parseRunRequest("not json")).toMatchObject({ ok: false, message: expect.stringContaining("not JSON") });
    expect(parseRunRequest(JSON.stringify({ v: 2, stream: true, prompt: {} }))).toMatchObject({ ok: false, message: expect.stringContaining("v") });
    const prompt = { kind: "text", name: "t", messages: [{ role: "user", content: "hi" }], text_config: { model_name: "" } };
    expect(parseRunRequest(JSON.stringify({ v: 1, stream: true, prompt }))).toMatchObject({ ok: false, message: expect.stringContaining("prompt.text_config.model_name") });
  });
});

describe("a webhook whose runner is remote", () => {
  it("streams the remote run's text line by line, as the same runner would locally", async () => {
    const remote = receiver([createLocalRunner()]);
    const viaRemote = await lines(await run(sender(remote.transport), { type: "prompt-run", data: { ast: textAst("local/echo") } }));
    const local = await lines(await run(createApp(defineConfig({ runners: [createLocalRunner()] })), { type: "prompt-run", data: { ast: textAst("local/echo") } }));
    expect(viaRemote).toEqual(local);
    expect(viaRemote.length).toBeGreaterThan(5);
    expect(remote.seen).toHaveLength(1);
    const request = remote.seen[0]!;
    expect(new URL(request.url).pathname).toBe("/runner");
    expect(request.headers.get(RUNNER_SIGNATURE_HEADER)).toMatch(/^sha256=[0-9a-f]{64}$/);
    const sent = JSON.parse(await request.text());
    expect(sent).toMatchObject({ v: 1, stream: true, prompt: { kind: "text", text_config: { model_name: "local/echo" } } });
  });

  it("non-streamed object, image and speech runs come back whole", async () => {
    const remote = receiver([createLocalRunner()]);
    const app = sender(remote.transport);
    const object = await run(app, { type: "prompt-run", data: { ast: objectAst, options: { shouldStream: false } } });
    expect(object.status).toBe(200);
    expect(await object.json()).toMatchObject({ type: "object", result: { answer: expect.any(String) }, finishReason: "stop" });
    expect(JSON.parse(await remote.seen[0]!.text())).toMatchObject({ stream: false });
    const image = (await (await run(app, { type: "prompt-run", data: { ast: imageAst } })).json()) as { type: string; result: unknown[] };
    expect(image.type).toBe("image");
    expect(image.result).toHaveLength(2);
    const speech = (await (await run(app, { type: "prompt-run", data: { ast: speechAst } })).json()) as { type: string; result: { mimeType: string } };
    expect(speech).toMatchObject({ type: "speech", result: { mimeType: "audio/wav" } });
  });

  it("a receiver without AGENTMARK_RUNNER_SECRET refuses; the webhook's stream says why", async () => {
    const { AGENTMARK_RUNNER_SECRET: _omit, ...withoutSecret } = receiverEnv;
    const remote = receiver([createLocalRunner()], withoutSecret);
    const res = await run(sender(remote.transport), { type: "prompt-run", data: { ast: textAst("local/echo") } });
    expect(await inBandError(res)).toBe(
      'The "remote" runner\'s deployment refused the run (HTTP 500): AGENTMARK_RUNNER_SECRET is not configured: this deployment does not accept remote runs',
    );
  });

  it("a sender with another secret is refused with 401 (and its secret never travels)", async () => {
    const remote = receiver([createLocalRunner()]);
    const res = await run(sender(remote.transport), { type: "prompt-run", data: { ast: textAst("local/echo") } }, { ...senderEnv, AGENTMARK_RUNNER_SECRET: "wrong-secret-000000" });
    expect(await inBandError(res)).toContain("(HTTP 401): Invalid signature");
    const sent = remote.seen[0]!;
    expect(JSON.stringify([...sent.headers]) + (await sent.text())).not.toContain("wrong-secret-000000");
  });

  it("a sender without a URL says which variable to set", async () => {
    const remote = receiver([createLocalRunner()]);
    const { AGENTMARK_REMOTE_RUNNER_URL: _omit, ...withoutUrl } = senderEnv;
    const res = await run(sender(remote.transport), { type: "prompt-run", data: { ast: textAst("local/echo") } }, withoutUrl);
    expect(await inBandError(res)).toMatch(/^AGENTMARK_REMOTE_RUNNER_URL is not configured/);
    expect(remote.seen).toHaveLength(0);
  });

  it("a model the receiver has no runner for is refused with the receiver's reason", async () => {
    const remote = receiver([createLocalRunner()]);
    const res = await run(sender(remote.transport), { type: "prompt-run", data: { ast: textAst("test/unknown") } });
    expect(await inBandError(res)).toContain('No runner serves model "test/unknown"');
  });

  it("the receiver's secrets are redacted from error events before they travel", async () => {
    const leaky: Runner = {
      name: "leaky",
      kinds: ["text"],
      handles: () => true,
      async *runText(): AsyncIterable<AgentEvent> {
        yield { type: "text-delta", text: "partial" };
        yield { type: "error", error: `upstream rejected key ${receiverEnv.ANTHROPIC_API_KEY}` };
      },
    };
    const remote = receiver([leaky]);
    const text = await bodyText(await run(sender(remote.transport), { type: "prompt-run", data: { ast: textAst("test/leaky") } }));
    expect(text).toContain("upstream rejected key");
    expect(text).not.toContain(receiverEnv.ANTHROPIC_API_KEY);
  });

  it("a line that is not an agent event, or a stream that ends without finish, ends the run with an error", async () => {
    const junk = sender(async () => new Response('{"type":"text-delta","text":"ok"}\n{"type":"nonsense"}\n', { status: 200 }), ["text"]);
    const first = await lines(await run(junk, { type: "prompt-run", data: { ast: textAst("test/x") } }));
    expect(first).toEqual([
      { type: "text", result: "ok" },
      { type: "error", error: 'The "remote" runner\'s deployment sent a line that is not an agent event' },
    ]);
    const cut = sender(async () => new Response('{"type":"text-delta","text":"ok"}\n', { status: 200 }), ["text"]);
    const second = await lines(await run(cut, { type: "prompt-run", data: { ast: textAst("test/x") } }));
    expect(second.at(-1)).toEqual({ type: "error", error: 'The "remote" runner\'s deployment closed the stream before the run finished' });
  });

  it("a body over the receiver's limit is refused with 413 before it is verified", async () => {
    const remote = receiver([createLocalRunner()], { ...receiverEnv, AGENTMARK_MAX_BODY_BYTES: "50" });
    const res = await run(sender(remote.transport), { type: "prompt-run", data: { ast: textAst("local/echo") } });
    expect(await inBandError(res)).toContain("(HTTP 413): Request body too large: the limit is 50 bytes");
  });
});

describe("abort", () => {
  it("a client that goes away mid-stream aborts the run on the receiving deployment", async () => {
    const state = { started: false, aborted: false, closed: false };
    let markClosed!: () => void;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const endless: Runner = {
      name: "endless",
      kinds: ["text"],
      handles: () => true,
      async *runText(_prompt, ctx): AsyncIterable<AgentEvent> {
        state.started = true;
        ctx.signal.addEventListener("abort", () => (state.aborted = true));
        try {
          for (let i = 0; !ctx.signal.aborted; i++) {
            yield { type: "text-delta", text: `t${i} ` };
            await new Promise((r) => setTimeout(r, 5));
          }
        } finally {
          state.closed = true;
          markClosed();
        }
      },
    };
    const remote = receiver([endless]);
    const res = await run(sender(remote.transport, ["text"]), { type: "prompt-run", data: { ast: textAst("test/endless") } });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel("client went away");
    await closed;
    expect(state).toEqual({ started: true, aborted: true, closed: true });
  });
});
