/**
 * The NDJSON examples of the protocol spec §5.3, byte for byte, through the app: a runner
 * yields the agent events behind each example and the response body must be exactly the
 * example's lines (without the `done` line, which needs tracing).
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import type { AgentEvent } from "../../src/protocol";
import type { Runner } from "../../src/runners/types";
import { bodyText, signedRequest, TEST_SECRET } from "../helpers/signed";

const env = { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, AGENTMARK_LOG_LEVEL: "silent" };

function scripted(events: AgentEvent[], fail?: string): Runner {
  async function* play(): AsyncIterable<AgentEvent> {
    yield* events;
    if (fail) throw new Error(fail);
  }
  return { name: "scripted", kinds: ["text", "object"], handles: () => true, runText: play, runObject: play };
}

function ast(kind: "text" | "object") {
  const config = kind === "text" ? "text_config:\n  model_name: x/y" : "object_config:\n  model_name: x/y\n  schema:\n    type: object";
  return {
    type: "root",
    children: [
      { type: "yaml", value: `name: ex\n${config}` },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "go" }] }] },
    ],
  };
}

async function body(runner: Runner, kind: "text" | "object") {
  const app = createApp(defineConfig({ runners: [runner] }));
  const res = await app.fetch(await signedRequest({ type: "prompt-run", data: { ast: ast(kind) } }), env);
  return bodyText(res);
}

describe("spec §5.3 examples", () => {
  it("text with tools", async () => {
    const text = await body(
      scripted([
        { type: "text-delta", text: "Hi " },
        { type: "tool-call", id: "c1", name: "search", args: { q: "x" } },
        { type: "tool-result", id: "c1", name: "search", result: ["hit"] },
        { type: "text-delta", text: "done" },
        { type: "finish", reason: "stop", usage: { inputTokens: 3, outputTokens: 7, totalTokens: 10 } },
      ]),
      "text",
    );
    expect(text).toBe(
      [
        '{"type":"text","result":"Hi "}',
        '{"type":"text","toolCall":{"toolCallId":"c1","toolName":"search","args":{"q":"x"}}}',
        '{"type":"text","toolResult":{"toolCallId":"c1","toolName":"search","result":["hit"]}}',
        '{"type":"text","result":"done"}',
        '{"type":"text","finishReason":"stop","usage":{"inputTokens":3,"outputTokens":7,"totalTokens":10,"promptTokens":3,"completionTokens":7}}',
        "",
      ].join("\n"),
    );
  });

  it("error mid-stream", async () => {
    const text = await body(scripted([{ type: "text-delta", text: "partial" }], "ThrottlingException"), "text");
    expect(text).toBe('{"type":"text","result":"partial"}\n{"type":"error","error":"ThrottlingException"}\n');
  });

  it("object", async () => {
    const text = await body(
      scripted([
        { type: "object-final", value: { ok: true } },
        { type: "finish", reason: "stop", usage: { inputTokens: 5, outputTokens: 10, totalTokens: 15 } },
      ]),
      "object",
    );
    expect(text).toBe(
      '{"type":"object","result":{"ok":true}}\n{"type":"object","usage":{"inputTokens":5,"outputTokens":10,"totalTokens":15,"promptTokens":5,"completionTokens":10}}\n',
    );
  });
});
