import { describe, expect, it } from "vitest";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { HIDDEN, maskSpans } from "../../src/telemetry/masking";

class FakeSpan {
  constructor(readonly attributes: Record<string, unknown>) {}
  spanContext() {
    return { traceId: "t".repeat(32), spanId: "s".repeat(16), traceFlags: 1 };
  }
}

const attributes = {
  "agentmark.input": "[{...}]",
  "agentmark.props": "{}",
  "agentmark.output": "answer",
  "agentmark.dataset_expected_output": "4",
  "ai.prompt.messages": "[...]",
  "ai.prompt": "{...}",
  "ai.response.text": "answer",
  "ai.response.object": "{}",
  "ai.toolCall.args": "{}",
  "ai.toolCall.result": "{}",
  "ai.telemetry.metadata.props": "{}",
  "gen_ai.request.model": "gpt",
  "gen_ai.usage.input_tokens": 3,
  "ai.response.finishReason": "stop",
};

describe("maskSpans", () => {
  it("replaces inputs and/or outputs, ours and the AI SDK's, and keeps the rest", () => {
    const span = new FakeSpan(attributes) as unknown as ReadableSpan;
    const [inputsHidden] = maskSpans([span], { inputs: true, outputs: false });
    expect(inputsHidden!.attributes).toEqual({
      ...attributes,
      "agentmark.input": HIDDEN,
      "agentmark.props": HIDDEN,
      "ai.prompt.messages": HIDDEN,
      "ai.prompt": HIDDEN,
      "ai.toolCall.args": HIDDEN,
      "ai.telemetry.metadata.props": HIDDEN,
    });
    const [outputsHidden] = maskSpans([span], { inputs: false, outputs: true });
    expect(outputsHidden!.attributes).toEqual({
      ...attributes,
      "agentmark.output": HIDDEN,
      "agentmark.dataset_expected_output": HIDDEN,
      "ai.response.text": HIDDEN,
      "ai.response.object": HIDDEN,
      "ai.toolCall.result": HIDDEN,
    });
    // The masked span still answers like the original (spanContext etc.), and the original is untouched.
    expect(outputsHidden!.spanContext().traceId).toBe("t".repeat(32));
    expect(span.attributes["agentmark.output"]).toBe("answer");
  });

  it("returns the spans as they are when nothing is hidden", () => {
    const spans = [new FakeSpan(attributes) as unknown as ReadableSpan];
    expect(maskSpans(spans, { inputs: false, outputs: false })).toBe(spans);
  });
});
