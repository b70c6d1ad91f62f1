/**
 * One Mastra run: `agent.stream` when the caller streams (chunks mapped as they arrive),
 * `agent.generate` otherwise. The request's signal is linked to the call's `abortSignal`, so
 * a disconnect, or a consumer that stops reading, aborts the model request.
 */
import type { Agent, AgentExecutionOptions } from "@mastra/core/agent";
import type { ModelMessage } from "ai";
import type { AgentEvent } from "../../protocol/agent-events";
import { abortMessage, finishEvent, linkAbort, terminalEvent } from "../toolkit";
import type { RunContext } from "../types";
import { requestContextFor } from "./agents";
import { chunkToEvent, stepToEvents, type MastraChunk } from "./events";

export interface MastraCall {
  agent: Agent;
  messages: ModelMessage[];
  options: AgentExecutionOptions<unknown>;
  kind: "text" | "object";
  ctx: RunContext;
}

type Usage = Parameters<typeof finishEvent>[1];

interface StreamOutput {
  fullStream: AsyncIterable<MastraChunk>;
  object: PromiseLike<unknown>;
}

interface GenerateOutput {
  finishReason?: string;
  totalUsage?: Usage;
  usage?: Usage;
  object?: unknown;
  error?: unknown;
  tripwire?: { reason?: string } | boolean;
  steps?: Array<{ content?: Parameters<typeof stepToEvents>[0] }>;
}

export async function* runMastraCall(call: MastraCall): AsyncGenerator<AgentEvent> {
  const { agent, messages, kind, ctx } = call;
  const abort = linkAbort(ctx.signal);
  const options = { ...call.options, abortSignal: abort.signal, requestContext: requestContextFor(ctx.env) } as AgentExecutionOptions<unknown>;
  const chunkOptions = { text: kind === "text", env: ctx.env };
  try {
    if (ctx.stream) {
      const output = (await agent.stream(messages, options as never)) as unknown as StreamOutput;
      let final: { value: unknown } | undefined;
      for await (const chunk of output.fullStream) {
        switch (chunk.type) {
          case "error":
            yield terminalEvent(chunk.payload?.error, ctx);
            return;
          case "abort":
            yield { type: "error", error: abortMessage(ctx.signal) };
            return;
          case "tripwire":
            yield { type: "error", error: `The run was stopped by a Mastra processor: ${String(chunk.payload?.reason ?? "tripwire")}` };
            return;
          case "object-result":
            final = { value: chunk.object };
            break;
          case "finish": {
            const payload = chunk.payload as { stepResult?: { reason?: string }; output?: { usage?: Usage } } | undefined;
            if (kind === "object") yield { type: "object-final", value: final ? final.value : await output.object };
            yield finishEvent(payload?.stepResult?.reason, payload?.output?.usage);
            return;
          }
          default: {
            const event = chunkToEvent(chunk, chunkOptions);
            if (event) yield event;
            if (event?.type === "error") return;
          }
        }
      }
      return;
    }
    const result = (await agent.generate(messages, options as never)) as unknown as GenerateOutput;
    if (result.finishReason === "aborted" || abort.signal.aborted) {
      yield { type: "error", error: abortMessage(ctx.signal) };
      return;
    }
    if (result.error) {
      yield terminalEvent(result.error, ctx);
      return;
    }
    if (result.tripwire) {
      const reason = typeof result.tripwire === "object" ? result.tripwire.reason : undefined;
      yield { type: "error", error: `The run was stopped by a Mastra processor: ${reason ?? "tripwire"}` };
      return;
    }
    for (const step of result.steps ?? []) yield* stepToEvents(step.content ?? [], chunkOptions);
    if (kind === "object") yield { type: "object-final", value: result.object };
    yield finishEvent(result.finishReason, result.totalUsage ?? result.usage);
  } catch (err) {
    yield terminalEvent(err, ctx);
  } finally {
    abort.abort();
  }
}
