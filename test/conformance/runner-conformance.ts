/**
 * The runner conformance suite: what every runner behind the seam must do, whatever SDK it
 * wraps. One call registers the cases in the calling test file:
 *
 * ```ts
 * describeRunnerConformance({
 *   name: "ai-sdk (Responses API)",
 *   create: ({ tools }) => createAiSdkRunner({ providers: { openai: openaiFromEnv }, tools }),
 *   model: (behaviour) => `openai/${MODEL_FLAGS[behaviour]}`,
 *   env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: `${origin}/openai/v1` },
 *   upstream: { origin, secret: key },
 * });
 * ```
 *
 * With `upstream` (a fake model server on the shared fakes server, test/fakes/server.ts):
 * exact text and objects from the fake's markers (`[[say:…]]`, `[[json:…]]`,
 * `[[call:name {args}]]`), the fake's usage (11 in / 7 out per model call), the tool loop,
 * an abort that the fake sees as an aborted request, and provider 4xx / 5xx / a cut stream
 * as one terminal error event without secrets. A fake for another provider (Anthropic, …)
 * speaks that provider's wire format but follows the same markers, model-name behaviours
 * and `/_control` endpoints, and the same suite applies. Without `upstream` (the local
 * model): determinism, shapes, usage arithmetic, the tool loop (the runner's model follows
 * the `[[call:…]]` markers and answers `Tool said: <results>`) and abort.
 */
import { tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AgentEvent } from "../../src/protocol/agent-events";
import type { ChatMessage, CompiledObjectPrompt, CompiledTextPrompt, ObjectConfig, TextConfig } from "../../src/prompt/types";
import { startRun } from "../../src/runners/dispatch";
import type { EnvVars, RunContext, Runner } from "../../src/runners/types";
import type { ToolRegistry } from "../../src/runners/toolkit";
import { WAIT_MS } from "../helpers/wait";
import { collect, textOf } from "../helpers/events";

/**
 * What the model behind a name does. The fake OpenAI maps them to model-id flags:
 * ok → any id, slow → `slow-tokens` (200 deltas 50 ms apart), fail-400 / fail-401 /
 * fail-500 → that status, cut → `disconnect-mid-stream` (two deltas, then the socket dies).
 */
export type Behaviour = "ok" | "slow" | "fail-400" | "fail-401" | "fail-500" | "cut";

export const OPENAI_MODEL_FLAGS: Record<Behaviour, string> = {
  ok: "gpt-4o-mini",
  slow: "slow-tokens",
  "fail-400": "fail-400",
  "fail-401": "fail-401",
  "fail-500": "fail-500",
  cut: "disconnect-mid-stream",
};

export interface RunnerConformanceOptions {
  /** Shown in the test names. */
  name: string;
  /** A fresh runner using these tools (the template's tool registry format). */
  create(setup: { tools: ToolRegistry }): Runner;
  /** The model name that makes the runner's model behave so; undefined when it cannot (skips those cases). */
  model(behaviour: Behaviour): string | undefined;
  /** The deployment's environment the runner gets (keys, base URLs). */
  env: EnvVars;
  /** The fake model server the runner talks to; absent for runners without one (the local model). */
  upstream?: {
    /** Origin of the shared fakes server (its `/_control/requests` and `/_control/aborted`). */
    origin: string;
    /** A secret of `env` the provider may echo back (fail-401): it must never reach an event. */
    secret: string;
    /** Tokens the fake reports per model call. Default: 11 in, 7 out. */
    usage?: { input: number; output: number };
    /** What the runner's error says for each provider failure. Default: the fake OpenAI's messages. */
    errors?: Partial<Record<"fail-400" | "fail-401" | "fail-500", RegExp>>;
  };
  /**
   * For an SDK that ends a run reaching `max_calls` with an error instead of a finish (Claude
   * Code's max turns): that error's message. Default: the run finishes.
   */
  maxCallsError?: RegExp;
  /**
   * For an SDK between the runner and the provider that may drop deltas it had not passed on
   * yet when the connection breaks (Claude Code): the cut case then accepts any prefix of the
   * partial text. Default: exactly the two deltas the fake sent.
   */
  cutMayDropDeltas?: boolean;
  /** Per-case timeout (ms); runners that start a process need more. */
  timeout?: number;
}

const sum = tool({
  description: "Add two numbers",
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => a + b,
});

const answerSchema = {
  type: "object",
  properties: { answer: { type: "string" }, confidence: { type: "number" } },
  required: ["answer", "confidence"],
  additionalProperties: false,
};

function uid(): string {
  return `c${crypto.randomUUID().slice(0, 8)}`;
}

function textPrompt(model: string, user: string, config: Partial<TextConfig> = {}): CompiledTextPrompt {
  const messages: ChatMessage[] = [
    { role: "system", content: "Be brief." },
    { role: "user", content: user },
  ];
  return { kind: "text", name: "conformance-text", messages, text_config: { model_name: model, ...config } };
}

function objectPrompt(model: string, user: string, config: Partial<ObjectConfig> = {}): CompiledObjectPrompt {
  return {
    kind: "object",
    name: "conformance-object",
    messages: [
      { role: "system", content: "Answer in JSON." },
      { role: "user", content: user },
    ],
    object_config: { model_name: model, schema: answerSchema, ...config },
  };
}

function only<T extends AgentEvent["type"]>(events: readonly AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
}

/** Exactly one terminal error, last; returns its message. */
function terminalError(events: readonly AgentEvent[]): string {
  expect(only(events, "error"), JSON.stringify(events)).toHaveLength(1);
  const last = events.at(-1)!;
  expect(last.type).toBe("error");
  return (last as { error: string }).error;
}

/** A successful run ends with exactly one finish, last, with consistent usage. */
function finish(events: readonly AgentEvent[]): Extract<AgentEvent, { type: "finish" }> {
  expect(only(events, "error"), JSON.stringify(events)).toEqual([]);
  expect(only(events, "finish")).toHaveLength(1);
  const last = events.at(-1)!;
  expect(last.type, JSON.stringify(events)).toBe("finish");
  const done = last as Extract<AgentEvent, { type: "finish" }>;
  expect(done.reason).toMatch(/\S/);
  if (done.usage) expect(done.usage.totalTokens).toBe(done.usage.inputTokens + done.usage.outputTokens);
  return done;
}

async function fakeJson<T>(origin: string, path: string): Promise<T> {
  return (await (await fetch(`${origin}${path}`)).json()) as T;
}

/** Waits (for an event, not a fixed time) until the fake has seen the request with `marker` aborted. */
async function upstreamSawAbort(origin: string, marker: string, timeoutMs = WAIT_MS): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const aborted = await fakeJson<string[]>(origin, "/_control/aborted");
    if (aborted.some((a) => a.includes(marker))) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

async function requestsWith(origin: string, marker: string): Promise<Array<{ body: string }>> {
  return (await fakeJson<Array<{ body: string }>>(origin, "/_control/requests")).filter((r) => r.body.includes(marker));
}

export function describeRunnerConformance(options: RunnerConformanceOptions): void {
  const { upstream, env } = options;
  const runner = options.create({ tools: { sum } });
  const ctx = (over: Partial<RunContext> = {}): RunContext => ({ signal: new AbortController().signal, stream: true, env, ...over });
  const perCall = upstream?.usage ?? { input: 11, output: 7 };
  const model = (behaviour: Behaviour) => options.model(behaviour);
  const timeout = options.timeout;
  const errors = {
    "fail-400": /Invalid value for 'temperature'/,
    "fail-401": /Incorrect API key/,
    "fail-500": /The server had an error/,
    ...upstream?.errors,
  };

  describe(`runner conformance: ${options.name}`, () => {
    it("declares text and object and serves its own model names", () => {
      expect(runner.kinds).toEqual(expect.arrayContaining(["text", "object"]));
      expect(runner.handles(model("ok")!)).toBe(true);
    });

    describe.each([true, false])("text, stream=%s", (stream) => {
      it("text deltas, then one finish with usage", { timeout }, async () => {
        const id = uid();
        const events = await collect(startRun(runner, textPrompt(model("ok")!, `${id} [[say:Hello there, conformance world!]]`), ctx({ stream })));
        const done = finish(events);
        if (upstream) {
          expect(textOf(events)).toBe("Hello there, conformance world!");
          if (stream) expect(only(events, "text-delta").length).toBeGreaterThan(1);
          expect(done.usage).toEqual({ inputTokens: perCall.input, outputTokens: perCall.output, totalTokens: perCall.input + perCall.output });
          const [request] = await requestsWith(upstream.origin, id);
          expect(request, "the fake saw the request").toBeDefined();
          expect(request!.body).toContain("Be brief.");
        } else {
          expect(textOf(events)).not.toBe("");
          expect(done.usage?.inputTokens).toBeGreaterThan(0);
          expect(done.usage?.outputTokens).toBeGreaterThan(0);
        }
      });
    });

    it("the streamed text equals the non-streamed text", { timeout }, async () => {
      const user = `${uid()} [[say:same either way]]`;
      const streamed = await collect(startRun(runner, textPrompt(model("ok")!, user), ctx({ stream: true })));
      const json = await collect(startRun(runner, textPrompt(model("ok")!, user), ctx({ stream: false })));
      expect(textOf(streamed)).toBe(textOf(json));
      expect(finish(streamed).usage).toEqual(finish(json).usage);
    });

    describe.each([true, false])("object, stream=%s", (stream) => {
      it("the final object (after partials when streamed), then one finish with usage", { timeout }, async () => {
        const events = await collect(startRun(runner, objectPrompt(model("ok")!, `${uid()} [[json:{"answer":"4","confidence":0.5}]]`), ctx({ stream })));
        const done = finish(events);
        const finals = only(events, "object-final");
        expect(finals).toHaveLength(1);
        expect(events.at(-2)?.type).toBe("object-final");
        if (stream) {
          const partials = only(events, "object-delta");
          expect(partials.length).toBeGreaterThan(0);
          expect(events.indexOf(partials.at(-1)!)).toBeLessThan(events.indexOf(finals[0]!));
        }
        expect(only(events, "text-delta")).toEqual([]);
        if (upstream) {
          expect(finals[0]!.value).toEqual({ answer: "4", confidence: 0.5 });
          expect(done.usage).toEqual({ inputTokens: perCall.input, outputTokens: perCall.output, totalTokens: perCall.input + perCall.output });
        } else {
          expect(finals[0]!.value).toMatchObject({ answer: expect.any(String), confidence: expect.any(Number) });
        }
      });
    });

    describe.each([true, false])("tools, stream=%s", (stream) => {
      it("a two-step tool loop: tool-call, tool-result, the answer, usage of both calls", { timeout }, async () => {
        const id = uid();
        const events = await collect(startRun(runner, textPrompt(model("ok")!, `${id} add [[call:sum {"a":2,"b":3}]]`, { tools: ["sum"], max_calls: 3 }), ctx({ stream })));
        const done = finish(events);
        expect(events.map((e) => e.type).filter((t) => t !== "text-delta")).toEqual(["tool-call", "tool-result", "finish"]);
        const call = only(events, "tool-call")[0]!;
        expect(call).toMatchObject({ name: "sum", args: { a: 2, b: 3 } });
        expect(only(events, "tool-result")[0]).toMatchObject({ id: call.id, name: "sum", result: 5 });
        expect(textOf(events)).toBe("Tool said: 5");
        if (upstream) {
          expect(done.usage).toEqual({ inputTokens: 2 * perCall.input, outputTokens: 2 * perCall.output, totalTokens: 2 * (perCall.input + perCall.output) });
          expect(await requestsWith(upstream.origin, id)).toHaveLength(2);
        } else {
          expect(done.usage?.outputTokens).toBeGreaterThan(0);
        }
      });

      it("max_calls: 1 stops after the first model call", { timeout }, async () => {
        const id = uid();
        const events = await collect(startRun(runner, textPrompt(model("ok")!, `${id} [[call:sum {"a":1,"b":1}]]`, { tools: ["sum"], max_calls: 1 }), ctx({ stream })));
        if (options.maxCallsError) {
          expect(terminalError(events)).toMatch(options.maxCallsError);
          expect(events.map((e) => e.type)).toEqual(["tool-call", "tool-result", "error"]);
        } else {
          finish(events);
          expect(events.map((e) => e.type)).toEqual(["tool-call", "tool-result", "finish"]);
        }
        if (upstream) expect(await requestsWith(upstream.origin, id)).toHaveLength(1);
      });
    });

    describe("abort", () => {
      it.skipIf(!model("slow"))("the caller's signal ends the run with one terminal error" + (upstream ? ", and the upstream request is aborted" : ""), { timeout }, async () => {
        const id = uid();
        const controller = new AbortController();
        const events: AgentEvent[] = [];
        for await (const event of startRun(runner, textPrompt(model("slow")!, `${id} [[say:one two three four five six seven eight nine ten]]`), ctx({ signal: controller.signal }))) {
          events.push(event);
          if (events.length === 2) controller.abort();
        }
        expect(events.length).toBeLessThan(20);
        expect(terminalError(events)).toMatch(/aborted/i);
        if (upstream) expect(await upstreamSawAbort(upstream.origin, id)).toBe(true);
      });

      it.skipIf(!upstream || !model("slow"))("a consumer that stops reading cancels the upstream request", { timeout }, async () => {
        const id = uid();
        let seen = 0;
        for await (const _event of startRun(runner, textPrompt(model("slow")!, id), ctx())) {
          if (++seen === 2) break;
        }
        expect(await upstreamSawAbort(upstream!.origin, id)).toBe(true);
      });
    });

    describe.skipIf(!upstream)("provider failures are one terminal error event", () => {
      it.each([
        ["fail-400", true],
        ["fail-400", false],
        ["fail-500", true],
        ["fail-500", false],
      ] as const)("%s, stream=%s", { timeout }, async (behaviour, stream) => {
        const name = model(behaviour);
        if (!name) return;
        const events = await collect(startRun(runner, textPrompt(name, uid(), { max_retries: 0 }), ctx({ stream })));
        expect(terminalError(events)).toMatch(errors[behaviour]);
        expect(only(events, "finish")).toEqual([]);
      });

      it.each([true, false])("fail-401 echoing the key, stream=%s: the key never reaches an event", { timeout }, async (stream) => {
        const name = model("fail-401");
        if (!name) return;
        const events = await collect(startRun(runner, textPrompt(name, uid(), { max_retries: 0 }), ctx({ stream })));
        expect(terminalError(events)).toMatch(errors["fail-401"]);
        expect(JSON.stringify(events)).not.toContain(upstream!.secret);
      });

      it("a stream cut mid-way: the partial text, then one terminal error", { timeout }, async () => {
        const name = model("cut");
        if (!name) return;
        const events = await collect(startRun(runner, textPrompt(name, `${uid()} [[say:one two three four five]]`, { max_retries: 0 }), ctx()));
        if (options.cutMayDropDeltas) expect("one two ".startsWith(textOf(events)), textOf(events)).toBe(true);
        else expect(textOf(events)).toBe("one two ");
        expect(terminalError(events)).not.toBe("");
        expect(only(events, "finish")).toEqual([]);
      });

      it("the runner keeps serving after failures", { timeout }, async () => {
        const events = await collect(startRun(runner, textPrompt(model("ok")!, `${uid()} [[say:still alive]]`), ctx()));
        finish(events);
        expect(textOf(events)).toBe("still alive");
      });
    });
  });
}
