/** Kind → method, in one place: what plain-JS runners (no type check) get when they break the contract. */
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/core/errors";
import type { CompiledImagePrompt, CompiledTextPrompt } from "../../src/prompt/types";
import { startRun } from "../../src/runners/dispatch";
import type { Runner } from "../../src/runners/types";

const text: CompiledTextPrompt = { kind: "text", name: "t", messages: [{ role: "user", content: "hi" }], text_config: { model_name: "x/y" } };
const image: CompiledImagePrompt = { kind: "image", name: "i", image_config: { model_name: "x/y", prompt: "p" } };
const ctx = { signal: new AbortController().signal, stream: false, env: {} };

describe("startRun", () => {
  it("a kind the runner does not declare", () => {
    const runner = { name: "text-only", kinds: ["text"], handles: () => true, runText: async function* () {} } as Runner;
    expect(() => startRun(runner, image, ctx)).toThrow(new ConfigurationError('Runner "text-only" does not support image prompts.'));
  });

  it("a declared kind without its method (possible only without the type check)", () => {
    const runner = { name: "js", kinds: ["text"], handles: () => true } as unknown as Runner;
    expect(() => startRun(runner, text, ctx)).toThrow('Runner "js" declares text prompts but does not implement runText.');
  });

  it("calls the method with the runner as `this`", async () => {
    const runner = {
      name: "self",
      kinds: ["text"] as const,
      handles: () => true,
      greeting: "kept",
      async *runText(this: { greeting: string }) {
        yield { type: "text-delta" as const, text: this.greeting };
      },
    };
    const events = [];
    for await (const event of startRun(runner, text, ctx)) events.push(event);
    expect(events).toEqual([{ type: "text-delta", text: "kept" }]);
  });
});
