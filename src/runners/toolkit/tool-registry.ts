/**
 * The template's one tool registry: name → AI SDK `tool({...})`, defined once in
 * src/agentmark.config.ts and handed to every runner that takes AI SDK tools (the AI SDK
 * runner, Mastra). A runner built on another SDK converts these (`asSchema(tool.inputSchema)`
 * gives the JSON schema, `tool.execute` the implementation).
 *
 * Loads `ai` (`jsonSchema`): a runner that must not load the SDK at start resolves the names
 * with `resolveToolRefs` (SDK-free) and calls `toToolSet` once the SDK is loaded.
 */
import { jsonSchema, type Tool, type ToolSet } from "ai";
import type { ToolDefinition, ToolsConfig } from "../../prompt/types";
import { resolveToolRefs, type ToolRef } from "./tool-refs";

export type ToolRegistry = Readonly<Record<string, Tool>>;

function withPromptDefinition(tool: Tool, definition: ToolDefinition): Tool {
  const overridden = { ...tool } as Tool & { description?: string; inputSchema?: unknown };
  if (typeof definition.description === "string") overridden.description = definition.description;
  if (definition.parameters && typeof definition.parameters === "object") {
    overridden.inputSchema = jsonSchema(definition.parameters as Parameters<typeof jsonSchema>[0]);
  }
  return overridden as Tool;
}

/** Resolved tool references (`resolveToolRefs`) as a `ToolSet`, or undefined when there are none. */
export function toToolSet(refs: readonly ToolRef<Tool>[]): ToolSet | undefined {
  if (refs.length === 0) return undefined;
  const tools: ToolSet = {};
  for (const ref of refs) tools[ref.name] = ref.definition ? withPromptDefinition(ref.tool, ref.definition) : ref.tool;
  return tools;
}

/** The prompt's tools as a `ToolSet`, or undefined when it references none. Throws on unknown or MCP names. */
export function resolveTools(config: ToolsConfig | undefined, registry: ToolRegistry, runnerName = "ai-sdk"): ToolSet | undefined {
  return toToolSet(resolveToolRefs(config, registry, runnerName));
}
