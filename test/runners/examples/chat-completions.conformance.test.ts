/**
 * The custom runner of examples/runners/ (plain `fetch` to a Chat Completions server) passes the
 * runner conformance suite against the fake OpenAI (inside workerd), and refuses a missing
 * setting before any event, as the seam asks.
 */
import { describe, expect, it } from "vitest";
import { createChatCompletionsRunner } from "../../../examples/runners/chat-completions";
import type { CompiledTextPrompt } from "../../../src/prompt/types";
import { MissingSettingError } from "../../../src/runners/toolkit";
import { describeRunnerConformance, OPENAI_MODEL_FLAGS } from "../../conformance/runner-conformance";
import { ctx, FAKE_KEY, origin } from "../ai-sdk/helpers";

const env = { COMPAT_BASE_URL: `${origin}/openai/v1`, COMPAT_API_KEY: FAKE_KEY };

describeRunnerConformance({
  name: "examples/runners: chat-completions over fetch",
  create: ({ tools }) => createChatCompletionsRunner({ tools }),
  model: (behaviour) => `compat/${OPENAI_MODEL_FLAGS[behaviour]}`,
  env,
  upstream: { origin, secret: FAKE_KEY },
});

describe("examples/runners: chat-completions settings", () => {
  it("a missing COMPAT_BASE_URL is thrown before any event", () => {
    const runner = createChatCompletionsRunner();
    const prompt: CompiledTextPrompt = { kind: "text", name: "t", messages: [{ role: "user", content: "hi" }], text_config: { model_name: "compat/m" } };
    expect(() => runner.runText(prompt, ctx({ env: {} }))).toThrow(MissingSettingError);
    expect(runner.handles("compat/")).toBe(false);
  });
});
