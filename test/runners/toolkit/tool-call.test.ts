/** `runToolCall`, `toolParameters`, `toolDescription`: a registry tool run by a runner itself. */
import { jsonSchema, tool, type Tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { resolveToolRefs } from "../../../src/runners/toolkit";
import { runToolCall, toolDescription, toolParameters } from "../../../src/runners/toolkit/tool-call";

const registry: Record<string, Tool> = {
  sum: tool({ description: "Add two numbers", inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b }),
  count: tool({
    description: "Counts to n, streaming preliminary outputs",
    inputSchema: z.object({ n: z.number().int() }),
    async *execute({ n }) {
      for (let i = 1; i <= n; i++) yield i;
    },
  }),
  approve: tool({ description: "Needs a human", inputSchema: z.object({}), needsApproval: true, execute: async () => "done" }),
  client: tool({ description: "Runs in the browser", inputSchema: jsonSchema({ type: "object" }) }),
};
const run = { signal: new AbortController().signal, env: {} };

describe("runToolCall", () => {
  const refs = resolveToolRefs(["sum", "count", "approve", "client"], registry, "test");

  it("validates the input with the tool's schema and runs it", async () => {
    expect(await runToolCall(refs, { id: "c1", name: "sum", input: { a: 1, b: 2 } }, run)).toEqual({ type: "tool-result", id: "c1", name: "sum", result: 3 });
  });

  it("a tool that streams preliminary outputs: the last one is the result", async () => {
    expect(await runToolCall(refs, { id: "c2", name: "count", input: { n: 3 } }, run)).toMatchObject({ result: 3 });
  });

  it("refuses, as an error result, a tool that needs approval or has no execute", async () => {
    expect(await runToolCall(refs, { id: "c3", name: "approve", input: {} }, run)).toMatchObject({ isError: true, result: expect.stringMatching(/needsApproval/) });
    expect(await runToolCall(refs, { id: "c4", name: "client", input: {} }, run)).toEqual({
      type: "tool-result",
      id: "c4",
      name: "client",
      result: "Tool 'client' has no execute function.",
      isError: true,
    });
  });

  it("an aborted run rejects instead of answering", async () => {
    const controller = new AbortController();
    const slow = resolveToolRefs(["slow"], {
      slow: tool({ inputSchema: z.object({}), execute: async () => (controller.abort(), "too late") }),
    }, "test");
    await expect(runToolCall(slow, { id: "c5", name: "slow", input: {} }, { signal: controller.signal, env: {} })).rejects.toBeDefined();
  });
});

describe("what the model sees of a tool", () => {
  it("the tool's own description and JSON schema", async () => {
    const [ref] = resolveToolRefs(["sum"], registry, "test");
    expect(toolDescription(ref!)).toBe("Add two numbers");
    expect(await toolParameters(ref!)).toMatchObject({ type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] });
  });

  it("the prompt's own, in the older record form", async () => {
    const [ref] = resolveToolRefs({ sum: { description: "Adds", parameters: { type: "object", properties: { a: { type: "number" } } } } }, registry, "test");
    expect(toolDescription(ref!)).toBe("Adds");
    expect(await toolParameters(ref!)).toEqual({ type: "object", properties: { a: { type: "number" } } });
  });
});
