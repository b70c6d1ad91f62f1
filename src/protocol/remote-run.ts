/**
 * The remote-runner protocol: one deployment hands a compiled prompt to another deployment
 * that has the runner (a Worker → a Node container running the Claude Agent SDK), and gets
 * the seam's agent events back as they happen. Generic: any runner, any prompt kind.
 *
 * Request: `POST /runner` with JSON `{ v: 1, prompt, stream, telemetry? }` and
 *   x-agentmark-runner-timestamp: <unix seconds>
 *   x-agentmark-runner-signature-256: sha256=<hex HMAC-SHA256 of "<timestamp>." + body>
 * keyed by AGENTMARK_RUNNER_SECRET (its own secret, never the webhook's). The timestamp is
 * signed too and must be within five minutes of the receiver's clock, so a captured request
 * cannot be replayed later (crypto/timestamped.ts).
 * Response: text/object → 200 NDJSON, one agent event per line, flushed as produced, ending
 * with `finish` or `error`; image → 200 `{ images: [{ mimeType, base64 }] }`; speech → 200
 * `{ speech: { mimeType, base64, format } }`; a refusal → 4xx/5xx `{ message }`. Closing
 * the connection aborts the run on the receiving side.
 */
import { z } from "zod";
import type { AgentEvent } from "./agent-events";

export const REMOTE_RUNNER_PATH = "/runner";
export const RUNNER_SIGNATURE_HEADER = "x-agentmark-runner-signature-256";
export const RUNNER_TIMESTAMP_HEADER = "x-agentmark-runner-timestamp";
/** The shared secret of both ends; set the same value on the sender and the receiver. */
export const RUNNER_SECRET_VARIABLE = "AGENTMARK_RUNNER_SECRET";
export const MAX_CLOCK_SKEW_SECONDS = 300;
export const PROTOCOL_VERSION = 1;

/** `Prompt` is the compiler's `CompiledPrompt` (this layer sits below the compiler). */
export interface RemoteRunRequest<Prompt> {
  v: typeof PROTOCOL_VERSION;
  prompt: Prompt;
  /** Whether the caller reads a stream (the runner then emits deltas as they arrive). */
  stream: boolean;
  /** The run's telemetry metadata (trace name, prompt name, …), for the receiver's SDK. */
  telemetry?: { metadata: Record<string, string> };
}

/** Why a request's timestamped signature was refused, as the receiver says it. */
export const SIGNATURE_REFUSALS = {
  "bad-timestamp": `Missing or malformed ${RUNNER_TIMESTAMP_HEADER}: expected unix seconds`,
  stale: `Stale request: ${RUNNER_TIMESTAMP_HEADER} is more than ${MAX_CLOCK_SKEW_SECONDS} s from this server's clock`,
  missing: `Missing signature: expected the ${RUNNER_SIGNATURE_HEADER} header`,
  malformed: `Malformed signature: ${RUNNER_SIGNATURE_HEADER} must be "sha256=" followed by 64 hex characters`,
  mismatch: "Invalid signature: it does not match the request",
} as const;

// Built on first use: only `/runner` and the remote runner read them, and building zod schemas
// at start costs every cold start (see docs/performance.md).
let requestSchemaOnce: ReturnType<typeof buildRequestSchema> | undefined;
function buildRequestSchema() {
  const modelConfig = z.looseObject({ model_name: z.string().min(1) });
  const chatMessages = z.array(z.looseObject({ role: z.enum(["system", "user", "assistant"]) }));
  const promptSchema = z.discriminatedUnion("kind", [
    z.looseObject({ kind: z.literal("text"), name: z.string(), messages: chatMessages, text_config: modelConfig }),
    z.looseObject({ kind: z.literal("object"), name: z.string(), messages: chatMessages, object_config: modelConfig.extend({ schema: z.record(z.string(), z.unknown()) }) }),
    z.looseObject({ kind: z.literal("image"), name: z.string(), image_config: modelConfig }),
    z.looseObject({ kind: z.literal("speech"), name: z.string(), speech_config: modelConfig }),
  ]);
  return z.object({
    v: z.literal(PROTOCOL_VERSION),
    prompt: promptSchema,
    stream: z.boolean(),
    telemetry: z.object({ metadata: z.record(z.string(), z.string()) }).optional(),
  });
}

/**
 * The request body (after its signature was verified), or a message saying what is wrong
 * with it. The fields a runner relies on are checked (kind, model name, messages, schema);
 * the rest of the compiled prompt travels as the sender's compiler made it.
 */
export function parseRunRequest<Prompt>(text: string): { ok: true; request: RemoteRunRequest<Prompt> } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: "Invalid remote-run request: the body is not JSON" };
  }
  const parsed = (requestSchemaOnce ??= buildRequestSchema()).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `Invalid remote-run request at ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  return { ok: true, request: parsed.data as unknown as RemoteRunRequest<Prompt> };
}

let agentEventSchemaOnce: ReturnType<typeof buildAgentEventSchema> | undefined;
function buildAgentEventSchema() {
  return z.discriminatedUnion("type", [
    z.object({ type: z.literal("text-delta"), text: z.string() }),
    z.object({ type: z.literal("reasoning-delta"), text: z.string() }),
    z.object({ type: z.literal("tool-call"), id: z.string(), name: z.string(), args: z.unknown().optional() }),
    z.object({ type: z.literal("tool-result"), id: z.string(), name: z.string(), result: z.unknown().optional(), isError: z.boolean().optional() }),
    z.object({ type: z.literal("object-delta"), partial: z.unknown() }),
    z.object({ type: z.literal("object-final"), value: z.unknown() }),
    z.object({
      type: z.literal("finish"),
      reason: z.string(),
      usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number().optional() }).optional(),
    }),
    z.object({ type: z.literal("error"), error: z.string() }),
  ]);
}

/** One NDJSON line of a remote run → the agent event it carries, or undefined when it is not one. */
export function parseAgentEvent(line: string): AgentEvent | undefined {
  try {
    const parsed = (agentEventSchemaOnce ??= buildAgentEventSchema()).safeParse(JSON.parse(line));
    return parsed.success ? (parsed.data as AgentEvent) : undefined;
  } catch {
    return undefined;
  }
}
