/** The SDK-free parts of the runner toolkit, as a runner on another SDK uses them. */
import { describe, expect, it } from "vitest";
import {
  abortMessage,
  CALLER_DISCONNECTED,
  callSettings,
  ConfigurationError,
  finishEvent,
  ModelNames,
  resolveToolRefs,
  splitInstructions,
  stepLimit,
  terminalError,
  terminalEvent,
  toolChoice,
} from "../../../src/runners/toolkit";

describe("ModelNames", () => {
  const names = new ModelNames(new Set(["anthropic"]), [
    ["sonnet", "anthropic/claude-sonnet-4-5"],
    [/^claude-(.+)$/, (m) => `anthropic/claude-${m[1]}`],
  ]);
  it.each([
    ["anthropic/claude-opus-4", { provider: "anthropic", modelId: "claude-opus-4" }],
    ["anthropic.messages/claude-opus-4", { provider: "anthropic", api: "messages", modelId: "claude-opus-4" }],
    ["sonnet", { provider: "anthropic", modelId: "claude-sonnet-4-5" }],
    ["claude-haiku", { provider: "anthropic", modelId: "claude-haiku" }],
  ])("%s", (name, expected) => {
    expect(names.handles(name)).toBe(true);
    expect(names.resolve(name)).toEqual(expected);
  });
  it("an unknown name is a ConfigurationError naming the model and the providers", () => {
    expect(names.handles("openai/gpt")).toBe(false);
    expect(() => names.resolve("openai/gpt")).toThrow(ConfigurationError);
    expect(() => names.resolve("openai/gpt")).toThrow("Model 'openai/gpt' is not available: use 'provider/model' with a registered provider or add an alias. Registered providers: anthropic.");
  });
});

describe("tool references", () => {
  const registry = { sum: "SUM", search: "SEARCH" };
  it("list, record and renamed record forms", () => {
    expect(resolveToolRefs(["sum"], registry, "claude")).toEqual([{ name: "sum", tool: "SUM" }]);
    expect(resolveToolRefs({ sum: { description: "Add" } }, registry, "claude")).toEqual([{ name: "sum", tool: "SUM", definition: { description: "Add" } }]);
    expect(resolveToolRefs({ calc: "sum" }, registry, "claude")).toEqual([{ name: "calc", tool: "SUM" }]);
    expect(resolveToolRefs(undefined, registry, "claude")).toEqual([]);
  });
  it("unknown and mcp:// names name the runner and the registry", () => {
    expect(() => resolveToolRefs(["nope"], registry, "claude")).toThrow("Available tools: sum, search.");
    expect(() => resolveToolRefs(["mcp://s/t"], registry, "claude")).toThrow(/not supported by the claude runner/);
  });
  it("max_calls → step limit; object prompts with tools get 10", () => {
    expect(stepLimit({ model_name: "m", max_calls: 3 }, { hasTools: true, kind: "text" })).toBe(3);
    expect(stepLimit({ model_name: "m" }, { hasTools: true, kind: "text" })).toBeUndefined();
    expect(stepLimit({ model_name: "m" }, { hasTools: true, kind: "object" })).toBe(10);
    expect(stepLimit({ model_name: "m", max_calls: 0 }, { hasTools: false, kind: "text" })).toBeUndefined();
  });
});

describe("settings and messages", () => {
  it("maps every prompt setting, and only those set", () => {
    expect(
      callSettings({ model_name: "m", max_tokens: 5, temperature: 0.1, top_p: 0.2, top_k: 3, presence_penalty: 0.4, frequency_penalty: 0.5, stop_sequences: ["x"], seed: 6, max_retries: 0 }),
    ).toEqual({ maxOutputTokens: 5, temperature: 0.1, topP: 0.2, topK: 3, presencePenalty: 0.4, frequencyPenalty: 0.5, stopSequences: ["x"], seed: 6, maxRetries: 0 });
    expect(callSettings({ model_name: "m" })).toEqual({});
    expect(toolChoice({ tool_choice: { type: "tool", tool_name: "sum" } })).toEqual({ type: "tool", toolName: "sum" });
    expect(toolChoice({ tool_choice: "required" })).toBe("required");
  });
  it("leading System messages become instructions", () => {
    expect(
      splitInstructions([
        { role: "system", content: "A" },
        { role: "system", content: "B" },
        { role: "user", content: "hi" },
        { role: "system", content: "C" },
      ]),
    ).toEqual({ instructions: "A\n\nB", conversation: [{ role: "user", content: "hi" }, { role: "system", content: "C" }] });
    expect(splitInstructions([{ role: "user", content: "hi" }])).toEqual({ conversation: [{ role: "user", content: "hi" }] });
  });
});

describe("errors, usage and abort", () => {
  const env = { ANTHROPIC_API_KEY: "sk-ant-secret-123456" };
  it("a provider error keeps its message, secrets redacted", () => {
    expect(terminalEvent(new Error("bad key sk-ant-secret-123456"), { signal: new AbortController().signal, env })).toEqual({
      type: "error",
      error: "bad key [redacted ANTHROPIC_API_KEY]",
    });
    expect(terminalError({ error: { message: "overloaded" } }, { signal: new AbortController().signal, env }).message).toBe("overloaded");
  });
  it("an aborted run says whether the caller left or the call timed out", () => {
    const left = new AbortController();
    left.abort();
    expect(terminalEvent(new Error("socket closed"), { signal: left.signal, env })).toEqual({ type: "error", error: CALLER_DISCONNECTED });
    const timeout = Object.assign(new Error("t"), { name: "TimeoutError" });
    expect(terminalEvent(timeout, { signal: new AbortController().signal, env }).type).toBe("error");
    expect(abortMessage(new AbortController().signal, "chunk timeout")).toBe("The model call was aborted before it finished, likely a timeout (chunk timeout).");
  });
  it("finish: usage finalized, unknown reason is 'other'", () => {
    expect(finishEvent(undefined, { inputTokens: 3, outputTokens: 4 })).toEqual({ type: "finish", reason: "other", usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 } });
    expect(finishEvent("stop", undefined)).toEqual({ type: "finish", reason: "stop" });
  });
});
