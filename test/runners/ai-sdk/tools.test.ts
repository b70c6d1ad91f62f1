/** Tool references in prompts → the typed tool registry of the config file. */
import { tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAiSdkRunner, ConfigurationError } from "../../../src/runners/ai-sdk";
import { resolveTools } from "../../../src/runners/toolkit/tool-registry";
import { collect, ctx, only, textPrompt } from "./helpers";

const sum = tool({ description: "Add", inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b });
const search = tool({ description: "Search", inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => [`hit for ${q}`] });
const registry = { sum, search };

describe("resolveTools", () => {
  it("list form picks tools by name", () => {
    expect(resolveTools(["sum"], registry)).toEqual({ sum });
    expect(resolveTools([], registry)).toBeUndefined();
    expect(resolveTools(undefined, registry)).toBeUndefined();
  });

  it("record form keeps the implementation and uses the prompt's description and parameters", async () => {
    const parameters = { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] };
    const tools = resolveTools({ sum: { description: "Add two numbers", parameters } }, registry)!;
    expect(tools.sum!.description).toBe("Add two numbers");
    expect(tools.sum!.execute).toBe(sum.execute);
    expect(await (tools.sum!.inputSchema as { jsonSchema: unknown }).jsonSchema).toEqual(parameters);
  });

  it("record form without a definition keeps the registry's schema", () => {
    const tools = resolveTools({ sum: {} }, registry)!;
    expect(tools.sum!.description).toBe("Add");
    expect(tools.sum!.inputSchema).toBe(sum.inputSchema);
  });

  it("record form with a string exposes a registry tool under another name", () => {
    expect(resolveTools({ calc: "sum" }, registry)).toEqual({ calc: sum });
  });

  it("an unknown name lists the available tools", () => {
    expect(() => resolveTools(["nope"], registry)).toThrow(ConfigurationError);
    expect(() => resolveTools(["nope"], registry)).toThrow("Tool 'nope' referenced in prompt config was not found in the tools registry. Available tools: sum, search.");
    expect(() => resolveTools({ nope: {} }, {})).toThrow(/Available tools: \(none\)/);
    expect(() => resolveTools(["toString"], registry)).toThrow(/Tool 'toString'/);
  });

  it.each([[["mcp://server-1/search"]], [{ search: "mcp://server-1/search" }]])("mcp:// references fail clearly (%j)", (config) => {
    expect(() => resolveTools(config as never, registry)).toThrow(/MCP tool references are not supported by the ai-sdk runner \('mcp:\/\/server-1\/search'\)/);
  });
});

describe("tools reach the model", () => {
  it("the model sees the referenced tools only, with their JSON schema", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: { content: [{ type: "text", text: "ok" }], finishReason: { unified: "stop", raw: "stop" }, usage: { inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 1, text: 1, reasoning: undefined } }, warnings: [] },
    });
    const runner = createAiSdkRunner({ providers: { mock: () => ({ languageModel: () => model }) }, tools: registry });
    await collect(runner.runText!(textPrompt("mock/m", "hi", { tools: ["search"], tool_choice: { type: "tool", tool_name: "search" } }), ctx({ stream: false })));
    const call = model.doGenerateCalls[0]!;
    expect(call.tools?.map((t) => t.name)).toEqual(["search"]);
    expect(call.tools?.[0]).toMatchObject({ type: "function", description: "Search", inputSchema: { properties: { q: { type: "string" } } } });
    expect(call.toolChoice).toEqual({ type: "tool", toolName: "search" });
  });

  it("an unknown tool in a prompt throws before any call", () => {
    const runner = createAiSdkRunner({ providers: { mock: () => ({ languageModel: () => new MockLanguageModelV4() }) }, tools: registry });
    expect(() => runner.runText!(textPrompt("mock/m", "hi", { tools: ["nope"] }), ctx())).toThrow(/Available tools: sum, search/);
  });

  it("the old record form runs the registry's implementation", async () => {
    const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 1, text: 1, reasoning: undefined } };
    const model = new MockLanguageModelV4({
      doGenerate: [
        { content: [{ type: "tool-call", toolCallId: "c1", toolName: "sum", input: '{"a":1,"b":2}' }], finishReason: { unified: "tool-calls", raw: undefined }, usage, warnings: [] },
        { content: [{ type: "text", text: "3" }], finishReason: { unified: "stop", raw: undefined }, usage, warnings: [] },
      ],
    });
    const runner = createAiSdkRunner({ providers: { mock: () => ({ languageModel: () => model }) }, tools: registry });
    const events = await collect(
      runner.runText!(textPrompt("mock/m", "1+2", { tools: { sum: { description: "Add two numbers", parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } } } }, max_calls: 2 }), ctx({ stream: false })),
    );
    expect(only(events, "tool-result")[0]).toEqual({ type: "tool-result", id: "c1", name: "sum", result: 3 });
    expect(model.doGenerateCalls[0]!.tools?.[0]).toMatchObject({ description: "Add two numbers" });
  });
});
