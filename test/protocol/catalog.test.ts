/**
 * protocol-catalog.json against our real types: one sample per AgentEvent variant built
 * through a mapped type keyed by the union (a variant added to the union without a sample
 * fails to compile), every wire chunk shape, and the job set.
 */
import { describe, expect, it } from "vitest";
import catalog from "../fixtures/agentmark/vectors/protocol-catalog.json";
import type { AgentEvent, AgentEventType } from "../../src/protocol";
import { datasetRow, doneChunk, objectEventToWire, textEventToWire, WEBHOOK_JOB_TYPES } from "../../src/protocol";

const samples: { [K in AgentEventType]: Extract<AgentEvent, { type: K }> } = {
  "text-delta": { type: "text-delta", text: "hi" },
  "reasoning-delta": { type: "reasoning-delta", text: "hmm" },
  "tool-call": { type: "tool-call", id: "c1", name: "search", args: { q: 1 } },
  "tool-result": { type: "tool-result", id: "c1", name: "search", result: "r", isError: false },
  "object-delta": { type: "object-delta", partial: { a: 1 } },
  "object-final": { type: "object-final", value: { a: 1 } },
  finish: { type: "finish", reason: "stop", usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } },
  error: { type: "error", error: "boom" },
};

type FieldSpec = Record<string, string>;

function kindOf(value: unknown): string {
  return typeof value;
}

function satisfies(value: Record<string, unknown>, spec: { required: FieldSpec; optional: FieldSpec }): string[] {
  const problems: string[] = [];
  const usageSpec = catalog.agentUsage;
  const check = (key: string, kind: string) => {
    const v = value[key];
    if (kind === "any") return;
    if (kind === "usage") {
      const u = v as Record<string, unknown>;
      for (const k of Object.keys(usageSpec.required)) if (typeof u[k] !== "number") problems.push(`${key}.${k}`);
      return;
    }
    if (kindOf(v) !== kind) problems.push(`${key}: expected ${kind}, got ${kindOf(v)}`);
  };
  for (const [key, kind] of Object.entries(spec.required)) {
    if (!(key in value)) problems.push(`missing ${key}`);
    else check(key, kind);
  }
  for (const [key, kind] of Object.entries(spec.optional)) if (key in value) check(key, kind);
  const known = new Set(["type", ...Object.keys(spec.required), ...Object.keys(spec.optional)]);
  for (const key of Object.keys(value)) if (!known.has(key)) problems.push(`unexpected ${key}`);
  return problems;
}

describe("protocol-catalog.json", () => {
  it("our AgentEvent union has exactly the catalogued variants", () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(catalog.agentEvents).sort());
  });

  it.each(Object.entries(samples))("the %s sample satisfies its catalogue entry", (type, sample) => {
    const spec = catalog.agentEvents[type as keyof typeof catalog.agentEvents];
    expect(satisfies(sample as unknown as Record<string, unknown>, spec)).toEqual([]);
  });

  it("every chunk our mappers emit matches one catalogued wire shape", () => {
    const chunks = [
      ...Object.values(samples).map((e) => textEventToWire(e)),
      ...Object.values(samples).map((e) => objectEventToWire(e)),
      doneChunk("0af7651916cd43dd8448eb211c80319c"),
      datasetRow({ input: { q: 1 }, evals: [], runId: "r", runName: "n", traceId: "abc" }),
    ].filter((c) => c !== null);
    const shapes = Object.entries(catalog.wireChunks);
    const matched = new Set<string>();
    for (const chunk of chunks) {
      const record = chunk as unknown as Record<string, unknown>;
      const match = shapes.find(
        ([, spec]) => spec.discriminant.type === record.type && satisfies(record, spec).length === 0,
      );
      expect(match, JSON.stringify(chunk)).toBeDefined();
      matched.add(match![0]);
    }
    expect([...matched].sort()).toEqual(Object.keys(catalog.wireChunks).sort());
  });

  it("we route every catalogued job, plus the alert job", () => {
    expect(WEBHOOK_JOB_TYPES.filter((t) => t !== "alert").sort()).toEqual(Object.keys(catalog.webhookJobs).sort());
  });
});
