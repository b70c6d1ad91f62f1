/** In-process tracing for tests: spans land in memory instead of an OTLP collector. */
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { AgentEvent, Runner } from "../../src/runners/types";
import type { Tracing } from "../../src/telemetry";
import { startRequestTracing } from "../../src/telemetry/tracer";

export interface CapturedTracing {
  tracing: Tracing;
  memory: InMemorySpanExporter;
  /** Exports what has ended and returns every exported span. */
  spans(): Promise<ReadableSpan[]>;
  exportsRequested: Array<Promise<unknown>>;
}

export function captureTracing(): CapturedTracing {
  const memory = new InMemorySpanExporter();
  const request = startRequestTracing(memory);
  const exportsRequested: Array<Promise<unknown>> = [];
  const tracing: Tracing = {
    ...request,
    settings: { endpoint: "memory://", headers: {}, target: "otlp", masking: { inputs: false, outputs: false } },
    exportAfter: (work) => void exportsRequested.push(work.then(() => request.flush())),
  };
  return {
    tracing,
    memory,
    exportsRequested,
    spans: async () => {
      await request.flush();
      return memory.getFinishedSpans();
    },
  };
}

/** A runner that replays fixed events for every text/object prompt (span-io.json cases). */
export function scriptedRunner(events: readonly AgentEvent[]): Runner {
  async function* replay(): AsyncGenerator<AgentEvent> {
    for (const event of events) yield structuredClone(event);
  }
  return { name: "scripted", kinds: ["text", "object"], handles: () => true, runText: replay, runObject: replay };
}

export interface Message {
  role: string;
  content: string;
}

const TAG: Record<string, string> = { system: "System", user: "User", assistant: "Assistant" };

/** A minimal AST whose compiled messages are exactly `messages`. */
export function astFor(kind: "text" | "object", messages: readonly Message[], name = "span-io"): Record<string, unknown> {
  const config =
    kind === "text"
      ? "text_config:\n  model_name: test"
      : "object_config:\n  model_name: test\n  schema:\n    type: object";
  return {
    type: "root",
    children: [
      { type: "yaml", value: `name: ${name}\n${config}` },
      ...messages.map((m) => ({
        type: "mdxJsxFlowElement",
        name: TAG[m.role],
        attributes: [],
        children: [{ type: "paragraph", children: [{ type: "text", value: m.content }] }],
      })),
    ],
  };
}
