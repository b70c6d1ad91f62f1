/**
 * Keeps prompt inputs and/or model outputs out of exported traces (AGENTMARK_HIDE_INPUTS,
 * AGENTMARK_HIDE_OUTPUTS), for prompts that carry personal data. Applied to every span at
 * export, ours and the AI SDK's alike; timings, models, usage and statuses stay.
 */
import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

export interface TraceMasking {
  inputs: boolean;
  outputs: boolean;
}

export const HIDDEN = "[hidden]";

const INPUT_KEYS = [
  /^agentmark\.(input|props|request\.input|dataset_input)$/,
  /^ai\.telemetry\.metadata\.props$/,
  /^ai\.prompt(\.|$)/,
  /^gen_ai\.prompt(\.|$)/,
  /^gen_ai\.input\.messages$/,
  /^ai\.toolCall\.args$/,
  /^ai\.settings\.context\./,
  /^ai\.request\.text$/,
  /^gen_ai\.system_instructions$/,
  /^gen_ai\.tool\.call\.arguments$/,
];
const OUTPUT_KEYS = [
  /^agentmark\.(output|response\.output|dataset_expected_output)$/,
  /^ai\.response\.(text|object|toolCalls|reasoning)/,
  /^gen_ai\.completion(\.|$)/,
  /^gen_ai\.output\.messages$/,
  /^ai\.toolCall\.result$/,
  /^gen_ai\.tool\.call\.result$/,
];

function masked(attributes: Attributes, masking: TraceMasking): Attributes | undefined {
  let out: Attributes | undefined;
  for (const key of Object.keys(attributes)) {
    const hide = (masking.inputs && INPUT_KEYS.some((k) => k.test(key))) || (masking.outputs && OUTPUT_KEYS.some((k) => k.test(key)));
    if (!hide) continue;
    out ??= { ...attributes };
    out[key] = HIDDEN;
  }
  return out;
}

/** The spans as exported: a masked span delegates everything but its attributes to the original. */
export function maskSpans(spans: ReadableSpan[], masking: TraceMasking): ReadableSpan[] {
  if (!masking.inputs && !masking.outputs) return spans;
  return spans.map((span) => {
    const attributes = masked(span.attributes, masking);
    return attributes ? (Object.create(span, { attributes: { value: attributes } }) as ReadableSpan) : span;
  });
}
