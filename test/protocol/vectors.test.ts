/**
 * AgentMark's conformance vectors, loaded from their JSON files (never restated here).
 */
import { describe, expect, it } from "vitest";
import controlPlane from "../fixtures/agentmark/vectors/control-plane.json";
import datasetRows from "../fixtures/agentmark/vectors/dataset-rows.json";
import finalizeUsageVectors from "../fixtures/agentmark/vectors/finalize-usage.json";
import normalizeErrorVectors from "../fixtures/agentmark/vectors/normalize-error.json";
import responseEnvelopes from "../fixtures/agentmark/vectors/response-envelopes.json";
import wireChunks from "../fixtures/agentmark/vectors/wire-chunks.json";
import type { AgentEvent, AgentUsage } from "../../src/protocol";
import {
  datasetRow,
  evalsEnvelope,
  finalizeUsage,
  normalizeError,
  objectEnvelope,
  objectEventToWire,
  textEnvelope,
  textEventToWire,
} from "../../src/protocol";

describe("wire-chunks.json", () => {
  it.each(wireChunks.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const toWire = c.kind === "object" ? objectEventToWire : textEventToWire;
    expect(toWire(c.event as AgentEvent)).toEqual(c.expected);
  });

  it("has a vector for every event type the text and object mappers wire", () => {
    const covered = new Set(wireChunks.cases.map((c) => `${c.kind}:${c.event.type}`));
    for (const type of ["text-delta", "tool-call", "tool-result", "finish", "error", "reasoning-delta"]) {
      expect(covered.has(`text:${type}`)).toBe(true);
    }
    for (const type of ["object-delta", "object-final", "finish", "error"]) {
      expect(covered.has(`object:${type}`)).toBe(true);
    }
  });
});

describe("response-envelopes.json", () => {
  it.each(responseEnvelopes.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const envelope =
      c.kind === "object"
        ? objectEnvelope(c.args as Parameters<typeof objectEnvelope>[0])
        : textEnvelope(c.args as Parameters<typeof textEnvelope>[0]);
    expect(JSON.parse(JSON.stringify(envelope))).toEqual(c.expected);
  });
});

describe("finalize-usage.json", () => {
  it.each(finalizeUsageVectors.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const input = c.input as { inputTokens: number | null; outputTokens: number | null; totalTokens: number | null };
    // `expected: null` = no usage: the wire then omits the key instead of inventing zeros.
    expect(finalizeUsage(input) ?? null).toEqual(c.expected as AgentUsage | null);
  });

  it("a missing usage object is no usage", () => {
    expect(finalizeUsage(null)).toBeUndefined();
    expect(finalizeUsage(undefined)).toBeUndefined();
  });
});

describe("normalize-error.json", () => {
  it.each(normalizeErrorVectors.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(normalizeError(c.input)).toBe(c.expected);
  });

  it("falls back to JSON for other objects and String() for other values", () => {
    expect(normalizeError({ code: 7 })).toBe('{"code":7}');
    expect(normalizeError(42)).toBe("42");
    expect(normalizeError(new Error("kaput"))).toBe("kaput");
  });
});

describe("control-plane.json", () => {
  it.each(controlPlane.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const envelope = evalsEnvelope(c.evalNames);
    expect(envelope).toEqual(c.expected);
    expect(envelope.result).toBe(c.expected.result); // byte-identical string, not just equal JSON
  });
});

describe("dataset-rows.json", () => {
  it.each(datasetRows.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const row = datasetRow(c.args as Parameters<typeof datasetRow>[0]);
    expect(JSON.parse(JSON.stringify(row))).toEqual(c.expected);
    // The platform's key order: type, result{input, expectedOutput, actualOutput, tokens, evals}, traceId, runId, runName.
    expect(Object.keys(row)).toEqual(["type", "result", ...("traceId" in c.expected ? ["traceId"] : []), "runId", "runName"]);
    expect(Object.keys(row.result)).toEqual(Object.keys(c.expected.result));
  });
});
