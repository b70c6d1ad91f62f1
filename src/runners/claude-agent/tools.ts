/**
 * The prompt's tools (from the template's one tool registry: name → AI SDK `tool()`) as an
 * in-process MCP server the Claude Code session calls back into: each tool's JSON schema
 * (the prompt's own parameters when it gives them) and its `execute`, run here in the server
 * process. The model sees them as `mcp__agentmark__<name>`; only they are allowed.
 */
import { asSchema, type Tool } from "ai";
import { z } from "zod";
import type { EnvVars } from "../../core/env";
import { ConfigurationError, redactSecrets, type ToolRef } from "../toolkit";
import type { SdkMcpToolDefinition, SdkToolResult } from "./sdk";

export const MCP_SERVER_NAME = "agentmark";
const PREFIX = `mcp__${MCP_SERVER_NAME}__`;
/** Where Claude Code puts the model's tool_use id in an MCP call's `_meta`. */
const TOOL_USE_ID = "claudecode/toolUseId";

export interface PromptTools {
  definitions: SdkMcpToolDefinition[];
  /** The names Claude Code knows them by, all allowed without asking. */
  allowed: string[];
  /** `mcp__agentmark__sum` → `sum`; undefined for any other tool. */
  promptName(claudeName: string): string | undefined;
  /** What a call returned (the value, not its text), by the model's tool_use id. */
  result(toolUseId: string): { value: unknown } | { error: string } | undefined;
}

async function inputShape(ref: ToolRef<Tool>): Promise<Record<string, unknown>> {
  const json = ref.definition?.parameters ?? (await asSchema(ref.tool.inputSchema).jsonSchema);
  const schema = z.fromJSONSchema(json as Parameters<typeof z.fromJSONSchema>[0]);
  if (!(schema instanceof z.ZodObject)) {
    throw new ConfigurationError(`Tool '${ref.name}': the Claude Agent SDK runner needs an object input schema (an MCP tool's arguments are an object).`);
  }
  return schema.shape;
}

function describe(tool: Tool): string | undefined {
  const { description } = tool;
  return typeof description === "function" ? description({ context: undefined }) : description;
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "null");
}

export async function promptTools(refs: readonly ToolRef<Tool>[], env: EnvVars, signal: AbortSignal): Promise<PromptTools> {
  const results = new Map<string, { value: unknown } | { error: string }>();
  const definitions = await Promise.all(
    refs.map(async (ref): Promise<SdkMcpToolDefinition> => {
      const { tool } = ref;
      return {
        name: ref.name,
        description: ref.definition?.description ?? describe(tool) ?? ref.name,
        inputSchema: await inputShape(ref),
        async handler(args, extra): Promise<SdkToolResult> {
          const id = String((extra as { _meta?: Record<string, unknown> } | undefined)?._meta?.[TOOL_USE_ID] ?? "");
          const fail = (message: string): SdkToolResult => {
            results.set(id, { error: message });
            return { content: [{ type: "text", text: message }], isError: true };
          };
          if (typeof tool.execute !== "function") return fail(`Tool '${ref.name}' has no execute function.`);
          if (tool.needsApproval) {
            return fail(`Tool '${ref.name}' asks for approval before it runs (needsApproval), which a webhook run cannot give: remove needsApproval from the tool in src/agentmark.config.ts.`);
          }
          try {
            const value: unknown = await tool.execute(args, { toolCallId: id, messages: [], abortSignal: signal, context: undefined as never });
            results.set(id, { value });
            return { content: [{ type: "text", text: asText(value) }] };
          } catch (err) {
            return fail(redactSecrets(err instanceof Error ? err.message : String(err), env));
          }
        },
      };
    }),
  );
  return {
    definitions,
    allowed: refs.map((ref) => PREFIX + ref.name),
    promptName: (claudeName) => (claudeName.startsWith(PREFIX) && refs.some((r) => PREFIX + r.name === claudeName) ? claudeName.slice(PREFIX.length) : undefined),
    result: (toolUseId) => results.get(toolUseId),
  };
}
