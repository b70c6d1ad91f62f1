/**
 * The HTTP API's side of examples/runners/chat-completions.ts: OpenAI's Chat Completions
 * format, which Ollama, vLLM, LM Studio, llama.cpp's server and most gateways speak.
 * Requests are built from the prompt's settings; the streamed answer (`stream: true`,
 * server-sent events) is read with the AI SDK's SSE parser and checked with zod.
 */
import { parseJsonEventStream } from "ai";
import { z } from "zod";
import type { ChatMessage, LanguageModelSettings } from "../../src/prompt/types";
import type { ToolChoiceSetting } from "../../src/runners/toolkit";

export type WireMessage =
  | { role: "system" | "user" | "assistant"; content: string | WireContentPart[] | null; tool_calls?: WireToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };
type WireContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };
export interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}
export interface WireTool {
  type: "function";
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** The prompt's messages; image attachments as URLs or data URLs (files are left out). */
export function wireMessages(messages: readonly ChatMessage[]): WireMessage[] {
  return messages.map((message) => {
    if (typeof message.content === "string") return { role: message.role, content: message.content };
    const parts = message.content.flatMap((part): WireContentPart[] => {
      if (part.type === "text") return [{ type: "text", text: part.text }];
      if (part.type === "image") {
        const url = /^(https?|data):/.test(part.image) ? part.image : `data:${part.mimeType ?? "image/png"};base64,${part.image}`;
        return [{ type: "image_url", image_url: { url } }];
      }
      return [];
    });
    return { role: message.role, content: parts };
  });
}

/** The prompt's sampling settings: their names are already Chat Completions' own, but for `stop`. */
export function wireSettings(config: LanguageModelSettings) {
  const { temperature, max_tokens, top_p, presence_penalty, frequency_penalty, seed, stop_sequences } = config;
  return Object.fromEntries(
    Object.entries({ temperature, max_tokens, top_p, presence_penalty, frequency_penalty, seed, stop: stop_sequences }).filter(([, v]) => v !== undefined),
  );
}

export function wireToolChoice(choice: ToolChoiceSetting | undefined) {
  if (choice === undefined || typeof choice === "string") return choice;
  return { type: "function", function: { name: choice.toolName } };
}

const chunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z
          .object({
            content: z.string().nullish(),
            tool_calls: z
              .array(z.object({ index: z.number(), id: z.string().nullish(), function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish() }))
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
  error: z.object({ message: z.string() }).nullish(),
});

/** What one streamed answer amounts to, once read. */
export interface Reply {
  toolCalls: WireToolCall[];
  finishReason: string | undefined;
  usage: { inputTokens: number; outputTokens: number };
}

/**
 * Reads a streamed answer: yields each piece of text as it arrives, and returns the tool calls
 * (their arguments arrive in pieces), the finish reason and the usage.
 */
export async function* readReply(body: ReadableStream<Uint8Array>): AsyncGenerator<string, Reply> {
  const calls: WireToolCall[] = [];
  const reply: Reply = { toolCalls: calls, finishReason: undefined, usage: { inputTokens: 0, outputTokens: 0 } };
  const reader = parseJsonEventStream({ stream: body, schema: chunkSchema }).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const parsed = read.value;
    if (!parsed.success) throw parsed.error;
    const chunk = parsed.value;
    if (chunk.error) throw new Error(chunk.error.message);
    if (chunk.usage) reply.usage = { inputTokens: chunk.usage.prompt_tokens ?? 0, outputTokens: chunk.usage.completion_tokens ?? 0 };
    for (const choice of chunk.choices ?? []) {
      if (choice.delta?.content) yield choice.delta.content;
      for (const piece of choice.delta?.tool_calls ?? []) {
        const call = (calls[piece.index] ??= { id: "", type: "function", function: { name: "", arguments: "" } });
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.function.name += piece.function.name;
        if (piece.function?.arguments) call.function.arguments += piece.function.arguments;
      }
      if (choice.finish_reason) reply.finishReason = choice.finish_reason;
    }
  }
  return reply;
}

/** Chat Completions' finish reasons → the AI SDK's names, which AgentMark shows. */
export function finishReason(reason: string | undefined): string | undefined {
  return reason === "tool_calls" ? "tool-calls" : reason === "content_filter" ? "content-filter" : reason;
}
