/**
 * The experiment row span (spec §8.3): one root span (its own trace) per dataset row, named
 * `experiment-<runName>-<index>`, with the dataset attributes the platform groups runs by.
 */
import type { Attributes, Tracer } from "@opentelemetry/api";
import type { CompiledPrompt } from "../prompt/types";
import { ATTR, promptAttributes, promptInputJson, sdkMetadata, toJson } from "./attributes";
import { datasetItemName } from "./item-name";
import type { StartedRun } from "./prompt-span";
import type { TraceMasking } from "./masking";
import { RunSpan } from "./run-span";

export interface RowSpanArgs {
  prompt: CompiledPrompt;
  /** 0-based position of the row after sampling. */
  index: number;
  runId: string;
  runName: string;
  input: unknown;
  expectedOutput?: unknown;
  datasetPath: string;
  promptPath?: string;
  experimentKey?: string;
  sourceTreeHash?: string;
  /** What the deployment hides from traces; the SDK's own spans honour it too. */
  masking?: TraceMasking;
}

export function rowSpanName(runName: string, index: number): string {
  return `experiment-${runName}-${index}`;
}

export function rowAttributes(args: RowSpanArgs): Attributes {
  const attributes: Attributes = {
    [ATTR.datasetRunId]: args.runId,
    [ATTR.datasetRunName]: args.runName,
    [ATTR.datasetItemName]: datasetItemName(args.input, args.index),
    [ATTR.datasetPath]: args.datasetPath,
  };
  if (args.expectedOutput !== undefined && args.expectedOutput !== null) {
    attributes[ATTR.datasetExpectedOutput] = typeof args.expectedOutput === "string" ? args.expectedOutput : toJson(args.expectedOutput);
  }
  if (args.experimentKey) attributes[ATTR.experimentKey] = args.experimentKey;
  if (args.sourceTreeHash) attributes[ATTR.sourceTreeHash] = args.sourceTreeHash;
  return attributes;
}

export function startRowSpan(tracer: Tracer, args: RowSpanArgs): StartedRun {
  const name = rowSpanName(args.runName, args.index);
  const span = RunSpan.start(tracer, name, {
    ...promptAttributes(args.prompt, name, args.promptPath),
    ...rowAttributes(args),
    [ATTR.props]: toJson(args.input),
    [ATTR.input]: promptInputJson(args.prompt),
  });
  return { span, telemetry: span.runTelemetry(() => sdkMetadata(args.prompt, name, args.input), args.masking) };
}
