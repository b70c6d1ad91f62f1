/**
 * One call of a registry tool, run by the runner itself: for runners whose model asks for
 * tools but whose SDK does not run AI SDK tools (the local model, a runner on plain `fetch`,
 * examples/runners/). The outcomes match the AI SDK runner's: the input is checked by the
 * tool's own schema, `execute` gets the run's abort signal, and a failure (a tool the prompt
 * does not offer, invalid input, a throw) is a `tool-result` with `isError` and the message,
 * secrets redacted, which the model sees like any result. An abort is thrown, so the run ends
 * with the toolkit's terminal error.
 *
 * Uses `ai` (`asSchema`), loaded by the first call that checks a schema, so a runner that
 * imports this file does not evaluate the SDK when the app starts.
 */
import type { Tool } from "ai";
import type { EnvVars } from "../../core/env";
import type { AgentEvent } from "../../protocol/agent-events";
import { safeErrorMessage } from "./errors";
import { needsApprovalMessage, type ToolRef } from "./tool-refs";

export type ToolResultEvent = Extract<AgentEvent, { type: "tool-result" }>;

export interface ToolCallRequest {
  /** The call's id, echoed by its `tool-result`. */
  id: string;
  /** The name the model used (a prompt's rename, when it has one). */
  name: string;
  /** The arguments, already parsed from the model's JSON. */
  input: unknown;
}

/** The tool's description as the model should see it (the prompt's own, when it gives one). */
export function toolDescription(ref: ToolRef<Tool>): string | undefined {
  if (typeof ref.definition?.description === "string") return ref.definition.description;
  const description = (ref.tool as { description?: unknown }).description;
  return typeof description === "string" ? description : undefined;
}

/** The JSON Schema of the tool's input as the model should see it (the prompt's own parameters, when it gives them). */
export async function toolParameters(ref: ToolRef<Tool>): Promise<Record<string, unknown>> {
  if (ref.definition?.parameters && typeof ref.definition.parameters === "object") return ref.definition.parameters;
  const { asSchema } = await import("./tool-schema");
  return (await asSchema(ref.tool.inputSchema).jsonSchema) as Record<string, unknown>;
}

/** The last value of a tool that streams preliminary outputs, or the value itself. */
async function finalOutput(output: unknown): Promise<unknown> {
  if (output !== null && typeof output === "object" && Symbol.asyncIterator in output) {
    let last: unknown;
    for await (const value of output as AsyncIterable<unknown>) last = value;
    return last;
  }
  return output;
}

/** A schema library's issues (zod, valibot: `{ path, message }`) as one line; otherwise the error's message. */
function invalidInputMessage(error: unknown, env: EnvVars): string {
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return safeErrorMessage(error, env);
  const line = (issue: { path?: unknown; message?: unknown }) => {
    const path = Array.isArray(issue.path) ? issue.path.map((p) => (typeof p === "object" && p !== null && "key" in p ? String(p.key) : String(p))).join(".") : "";
    return `${path ? `${path}: ` : ""}${String(issue.message)}`;
  };
  return safeErrorMessage(new Error(issues.map(line).join("; ")), env);
}

async function validated(tool: Tool, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  const { asSchema } = await import("./tool-schema");
  const schema = asSchema(tool.inputSchema);
  if (!schema.validate) return { ok: true, value: input };
  const result = await schema.validate(input);
  return result.success ? { ok: true, value: result.value } : { ok: false, error: result.error };
}

/**
 * Runs `call` with the prompt's tool of that name (from `resolveToolRefs`). Resolves to the
 * call's `tool-result` event; rejects only when the run was aborted.
 */
export async function runToolCall(
  refs: readonly ToolRef<Tool>[],
  call: ToolCallRequest,
  run: { signal: AbortSignal; env: EnvVars },
): Promise<ToolResultEvent> {
  const failed = (message: string): ToolResultEvent => ({ type: "tool-result", id: call.id, name: call.name, result: message, isError: true });
  const ref = refs.find((r) => r.name === call.name);
  if (!ref) {
    const available = refs.map((r) => r.name);
    return failed(`Model tried to call unavailable tool '${call.name}'. Available tools: ${available.length ? available.join(", ") : "(none)"}.`);
  }
  const { tool } = ref;
  if (typeof tool.execute !== "function") return failed(`Tool '${call.name}' has no execute function.`);
  if (tool.needsApproval) return failed(needsApprovalMessage(call.name));
  const input = await validated(tool, call.input);
  if (!input.ok) return failed(`Invalid input for tool '${call.name}': ${invalidInputMessage(input.error, run.env)}`);
  try {
    const output = await finalOutput(await tool.execute(input.value as never, { toolCallId: call.id, messages: [], abortSignal: run.signal, context: undefined as never }));
    if (run.signal.aborted) throw run.signal.reason;
    return { type: "tool-result", id: call.id, name: call.name, result: output };
  } catch (err) {
    if (run.signal.aborted) throw err;
    return failed(safeErrorMessage(err, run.env));
  }
}
