/** Shared helpers for the ai-sdk runner tests (run inside workerd). */
import { env } from "cloudflare:workers";
import type { AgentEvent } from "../../../src/protocol/agent-events";
import type { ChatMessage, CompiledObjectPrompt, CompiledTextPrompt, ObjectConfig, TextConfig } from "../../../src/prompt/types";
import type { EnvVars, RunContext } from "../../../src/runners/types";
import { WAIT_MS } from "../../helpers/wait";

export const origin = (env as unknown as { FAKES_ORIGIN: string }).FAKES_ORIGIN;
export const FAKE_KEY = "sk-test-fake-key-0123456789abcdef";
export const fakeEnv: EnvVars = { OPENAI_API_KEY: FAKE_KEY, OPENAI_BASE_URL: `${origin}/openai/v1` };

export function uid(): string {
  return `u${crypto.randomUUID().slice(0, 8)}`;
}

export { collect, textOf } from "../../helpers/events";

export function ctx(over: Partial<RunContext> = {}): RunContext {
  return { signal: new AbortController().signal, stream: true, env: fakeEnv, ...over };
}

export function only<T extends AgentEvent["type"]>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
}

export function textPrompt(model: string, user: string, config: Partial<TextConfig> = {}, system?: string): CompiledTextPrompt {
  const messages: ChatMessage[] = [];
  if (system) messages.push({ role: "system", content: system });
  messages.push({ role: "user", content: user });
  return { kind: "text", name: "t", messages, text_config: { model_name: model, ...config } };
}

export const answerSchema = {
  type: "object",
  properties: { answer: { type: "string" }, confidence: { type: "number" } },
  required: ["answer", "confidence"],
  additionalProperties: false,
};

export function objectPrompt(model: string, user: string, config: Partial<ObjectConfig> = {}): CompiledObjectPrompt {
  return {
    kind: "object",
    name: "o",
    messages: [
      { role: "system", content: "Answer in JSON." },
      { role: "user", content: user },
    ],
    object_config: { model_name: model, schema: answerSchema, ...config },
  };
}

export interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Requests the fake received whose body contains `marker`. */
export async function requestsWith(marker: string): Promise<Recorded[]> {
  const all = (await (await fetch(`${origin}/_control/requests`)).json()) as Recorded[];
  return all.filter((r) => r.body.includes(marker));
}

/** Tells the fake OpenAI's `lockstep` mode that the client has received `lines` lines (see test/fakes/openai.ts). */
export async function reportReceived(key: string, lines: number): Promise<void> {
  const res = await fetch(`${origin}/openai/lockstep/${key}/${lines}`, { method: "POST" });
  await res.body?.cancel();
}

/** Waits until the fake reports an aborted request mentioning `marker` (false after `timeoutMs`). */
export async function waitForAborted(marker: string, timeoutMs = WAIT_MS): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const aborted = (await (await fetch(`${origin}/_control/aborted`)).json()) as string[];
    if (aborted.some((a) => a.includes(marker))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
