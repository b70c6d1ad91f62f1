/**
 * AI SDK results → AgentMark agent events: stream parts, step content, usage and errors.
 */
import type { ContentPart, LanguageModelUsage, TextStreamPart, ToolSet } from "ai";
import type { AgentEvent, AgentUsage } from "../../protocol/agent-events";
import { normalizeError } from "../../protocol/errors";
import { finalizeUsage } from "../../protocol/usage";
import type { EnvVars } from "../types";

type UsageLike = Partial<Pick<LanguageModelUsage, "inputTokens" | "outputTokens" | "totalTokens">> | undefined;

/**
 * `normalize-error.json`: message, nested `error.message`, `data.error.message`, else JSON.
 * A generic SDK wrapper message gets its cause appended (`Failed to process successful
 * response: Network connection lost.`).
 */
export function errorMessage(err: unknown): string {
  const base = normalizeError(err);
  const cause = typeof err === "object" && err !== null ? (err as { cause?: unknown }).cause : undefined;
  if (cause instanceof Error && cause.message && !base.includes(cause.message)) return `${base}: ${cause.message}`;
  return base;
}

const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL)/i;

/**
 * Names whose values are redacted even when the env cannot be enumerated (the app's env is a
 * lazy proxy): well-known provider keys, plus every secret-looking name a provider factory
 * read (recorded by the registry through `noteSecretNames`).
 */
const secretNames = new Set<string>([
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "GOOGLE_GENERATIVE_AI_API_KEY",
  "MISTRAL_API_KEY",
  "GROQ_API_KEY",
  "XAI_API_KEY",
  "AZURE_API_KEY",
  "AWS_SECRET_ACCESS_KEY",
  "AGENTMARK_API_KEY",
  "AGENTMARK_WEBHOOK_SECRET",
]);

export function noteSecretNames(names: Iterable<string>): void {
  for (const name of names) if (SECRET_NAME.test(name)) secretNames.add(name);
}

/** Replaces the values of secret-looking environment variables found in `text`. */
export function redactSecrets(text: string, env: EnvVars): string {
  let out = text;
  const names = new Set([...secretNames, ...Object.keys(env).filter((n) => SECRET_NAME.test(n))]);
  for (const name of names) {
    const value = env[name];
    if (typeof value !== "string" || value.length < 8) continue;
    out = out.split(value).join(`[redacted ${name}]`);
  }
  return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]{8,}/g, "Bearer [redacted]");
}

/** A terminal error event with the provider's message, never a secret. */
export function errorEvent(err: unknown, env: EnvVars): AgentEvent {
  return { type: "error", error: redactSecrets(errorMessage(err), env) };
}

export function finishEvent(reason: string | undefined, usage: UsageLike): AgentEvent {
  const finalized = finalizeUsage(usage);
  return { type: "finish", reason: reason ?? "other", ...(finalized ? { usage: finalized } : {}) };
}

export interface PartOptions {
  /** Forward text deltas (text prompts) or swallow them (object prompts parse them instead). */
  text: boolean;
  /** The deployment's environment: secret values are redacted from tool errors. */
  env: EnvVars;
}

const NEEDS_APPROVAL = (name: string) =>
  `Tool '${name}' asks for approval before it runs (needsApproval), which a webhook run cannot give: remove needsApproval from the tool in src/agentmark.config.ts.`;

/**
 * One stream part → at most one agent event. `finish`, `error` and `abort` are handled by the
 * caller (they end the run); everything else without an AgentMark counterpart is dropped.
 */
export function streamPartToEvent(part: TextStreamPart<ToolSet>, options: PartOptions): AgentEvent | undefined {
  switch (part.type) {
    case "text-delta":
      return options.text && part.text !== "" ? { type: "text-delta", text: part.text } : undefined;
    case "reasoning-delta":
      return part.text !== "" ? { type: "reasoning-delta", text: part.text } : undefined;
    case "tool-call":
      return { type: "tool-call", id: part.toolCallId, name: part.toolName, args: part.input };
    case "tool-result":
      if (part.preliminary) return undefined;
      return { type: "tool-result", id: part.toolCallId, name: part.toolName, result: part.output };
    case "tool-error":
      return { type: "tool-result", id: part.toolCallId, name: part.toolName, result: redactSecrets(errorMessage(part.error), options.env), isError: true };
    case "tool-approval-request":
      return { type: "error", error: NEEDS_APPROVAL(part.toolCall.toolName) };
    default:
      return undefined;
  }
}

/** The ordered content of a finished step (non-streaming calls) → agent events. */
export function contentToEvents(content: ReadonlyArray<ContentPart<ToolSet>>, options: PartOptions): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const part of content) {
    switch (part.type) {
      case "text":
        if (options.text && part.text !== "") events.push({ type: "text-delta", text: part.text });
        break;
      case "reasoning":
        if (part.text !== "") events.push({ type: "reasoning-delta", text: part.text });
        break;
      case "tool-call":
        events.push({ type: "tool-call", id: part.toolCallId, name: part.toolName, args: part.input });
        break;
      case "tool-result":
        events.push({ type: "tool-result", id: part.toolCallId, name: part.toolName, result: part.output });
        break;
      case "tool-error":
        events.push({
          type: "tool-result",
          id: part.toolCallId,
          name: part.toolName,
          result: redactSecrets(errorMessage(part.error), options.env),
          isError: true,
        });
        break;
      case "tool-approval-request":
        events.push({ type: "error", error: NEEDS_APPROVAL(part.toolCall.toolName) });
        break;
      default:
        break;
    }
  }
  return events;
}
