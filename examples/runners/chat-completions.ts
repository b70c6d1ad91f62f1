/**
 * A custom runner on the toolkit, with no model SDK: `fetch` to any server that speaks OpenAI's
 * Chat Completions (Ollama, vLLM, LM Studio, llama.cpp, a gateway). It serves `compat/<model>`
 * (e.g. `compat/llama3.2`), text and object prompts, streamed, with the prompt's tools.
 *
 *   // src/agentmark.config.ts
 *   runners: [createLocalRunner({ tools }), createChatCompletionsRunner({ tools }), …]
 *   // .dev.vars: COMPAT_BASE_URL=http://127.0.0.1:11434/v1 (Ollama), COMPAT_API_KEY only if the server wants one
 *
 * What the toolkit gives it: the tools (`resolveToolRefs`, `stepLimit`, `runToolCall`), the
 * settings (`toolChoice`), the errors (`terminalEvent`: the server's message, secrets redacted,
 * or the abort message), the usage (`finishEvent`) and the abort (`linkAbort`). What is its own:
 * the HTTP API (./chat-completions-wire.ts). It passes the runner conformance suite against the
 * fake OpenAI of the tests (test/runners/examples/chat-completions.conformance.test.ts).
 */
import { parsePartialJson, type Tool } from "ai";
import type { ChatMessage, CompiledObjectPrompt, CompiledTextPrompt, LanguageModelSettings, TextConfig } from "../../src/prompt/types";
import { finishEvent, linkAbort, requireEnv, resolveToolRefs, stepLimit, terminalEvent, toolChoice, type ToolRef, type ToolRegistry } from "../../src/runners/toolkit";
import { runToolCall, toolDescription, toolParameters } from "../../src/runners/toolkit/tool-call";
import type { AgentEvent, RunContext, RunnerOf } from "../../src/runners/types";
import { finishReason, readReply, wireMessages, wireSettings, wireToolChoice, type WireMessage, type WireTool } from "./chat-completions-wire";

export interface ChatCompletionsRunnerOptions {
  /** Tools prompts may name (the template's one registry). */
  tools?: ToolRegistry;
  /** The model-name prefix this runner serves. Default `compat/`. */
  prefix?: string;
}

interface Call {
  kind: "text" | "object";
  messages: readonly ChatMessage[];
  config: LanguageModelSettings & Pick<TextConfig, "tool_choice">;
  tools: ToolRef<Tool>[];
  /** Object prompts: the JSON schema the answer must satisfy. */
  schema?: Record<string, unknown>;
}

async function wireTools(refs: readonly ToolRef<Tool>[]): Promise<WireTool[]> {
  return Promise.all(refs.map(async (ref) => ({ type: "function" as const, function: { name: ref.name, description: toolDescription(ref), parameters: await toolParameters(ref) } })));
}

/** The model's arguments, or their text when they are not JSON (the tool's schema then refuses them). */
function parsedArguments(text: string): unknown {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return text;
  }
}

interface Server {
  url: string;
  key: string | undefined;
}

/** Where to send the calls: read when the run starts, so a missing setting is thrown before any event. */
function serverOf(ctx: RunContext): Server {
  return { url: `${requireEnv(ctx.env, "COMPAT_BASE_URL").replace(/\/+$/, "")}/chat/completions`, key: ctx.env.COMPAT_API_KEY };
}

async function* run(call: Call, modelId: string, { url, key }: Server, ctx: RunContext): AsyncIterable<AgentEvent> {
  const abort = linkAbort(ctx.signal);
  try {
    const messages: WireMessage[] = wireMessages(call.messages);
    const tools = call.tools.length ? await wireTools(call.tools) : undefined;
    const steps = stepLimit(call.config, { hasTools: tools !== undefined, kind: call.kind }) ?? 1;
    const usage = { inputTokens: 0, outputTokens: 0 };
    // Always streamed from the server: the core gathers the events when its caller wants one JSON answer.
    for (let step = 1; ; step++) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({
          model: modelId,
          messages,
          stream: true,
          stream_options: { include_usage: true },
          ...wireSettings(call.config),
          ...(tools ? { tools, tool_choice: wireToolChoice(call.kind === "text" ? toolChoice(call.config) : undefined) } : {}),
          ...(call.schema ? { response_format: { type: "json_schema", json_schema: { name: "answer", schema: call.schema } } } : {}),
        }),
        signal: abort.signal,
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
        throw new Error(body?.error?.message ?? `${url} answered HTTP ${res.status}`);
      }
      const pieces = readReply(res.body);
      let text = "";
      let partial: unknown;
      let next = await pieces.next();
      for (; !next.done; next = await pieces.next()) {
        text += next.value;
        if (call.kind === "text") yield { type: "text-delta", text: next.value };
        else {
          const { value } = await parsePartialJson(text);
          if (typeof value === "object" && value !== null && JSON.stringify(value) !== JSON.stringify(partial)) yield { type: "object-delta", partial: (partial = value) };
        }
      }
      const reply = next.value;
      usage.inputTokens += reply.usage.inputTokens;
      usage.outputTokens += reply.usage.outputTokens;
      if (reply.toolCalls.length === 0) {
        if (call.kind === "object") yield { type: "object-final", value: JSON.parse(text) };
        yield finishEvent(finishReason(reply.finishReason), usage);
        return;
      }
      // The model asked for tools: run them, hand back the results, ask again (up to max_calls model calls).
      messages.push({ role: "assistant", content: text || null, tool_calls: reply.toolCalls });
      for (const { id, function: fn } of reply.toolCalls) {
        const input = parsedArguments(fn.arguments);
        yield { type: "tool-call", id, name: fn.name, args: input };
        const result = await runToolCall(call.tools, { id, name: fn.name, input }, { signal: abort.signal, env: ctx.env });
        yield result;
        messages.push({ role: "tool", tool_call_id: id, content: typeof result.result === "string" ? result.result : JSON.stringify(result.result) });
      }
      if (step >= steps) {
        yield finishEvent("tool-calls", usage);
        return;
      }
    }
  } catch (err) {
    yield terminalEvent(err, ctx);
  } finally {
    abort.abort();
  }
}

export function createChatCompletionsRunner(options: ChatCompletionsRunnerOptions = {}): RunnerOf<"text" | "object"> {
  const prefix = options.prefix ?? "compat/";
  const registry = options.tools ?? {};
  const modelId = (name: string) => name.slice(prefix.length);
  return {
    name: "chat-completions",
    kinds: ["text", "object"],
    handles: (modelName) => modelName.startsWith(prefix) && modelName.length > prefix.length,
    // Configuration problems (an unknown tool, a missing setting) are thrown here, before any event.
    runText: (prompt: CompiledTextPrompt, ctx) => {
      const { text_config: config } = prompt;
      const tools = resolveToolRefs(config.tools, registry, "chat-completions");
      return run({ kind: "text", messages: prompt.messages, config, tools }, modelId(config.model_name), serverOf(ctx), ctx);
    },
    runObject: (prompt: CompiledObjectPrompt, ctx) => {
      const { object_config: config } = prompt;
      const tools = resolveToolRefs(config.tools, registry, "chat-completions");
      return run({ kind: "object", messages: prompt.messages, config, tools, schema: config.schema }, modelId(config.model_name), serverOf(ctx), ctx);
    },
  };
}
