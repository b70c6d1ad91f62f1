/**
 * Prompt tool references → an AI SDK `ToolSet`, looked up in the typed tool registry of the
 * config file (name → `tool({...})`).
 *
 * - list form (current): `tools: ["search", "sum"]`;
 * - record form (older): `tools: { sum: { description, parameters } }`: the implementation
 *   comes from the registry, the prompt's description / JSON-Schema parameters (when given)
 *   are what the model sees; `tools: { calc: "sum" }` exposes registry tool `sum` as `calc`;
 * - `mcp://server/tool` references are not supported by this runner (clear error).
 */
import { jsonSchema, type Tool, type ToolSet } from "ai";
import type { ToolDefinition, ToolsConfig } from "../../prompt/types";
import { ConfigurationError } from "./registry";

export type ToolRegistry = Readonly<Record<string, Tool>>;

function lookup(registry: ToolRegistry, name: string): Tool {
  if (name.startsWith("mcp://")) {
    throw new ConfigurationError(
      `MCP tool references are not supported by the ai-sdk runner ('${name}'). Register the tool in the tools of src/agentmark.config.ts and reference it by name.`,
    );
  }
  const tool = Object.prototype.hasOwnProperty.call(registry, name) ? registry[name] : undefined;
  if (!tool) {
    const available = Object.keys(registry);
    throw new ConfigurationError(
      `Tool '${name}' referenced in prompt config was not found in the tools registry. Available tools: ${
        available.length ? available.join(", ") : "(none)"
      }.`,
    );
  }
  return tool;
}

function withPromptDefinition(tool: Tool, definition: ToolDefinition): Tool {
  const overridden = { ...tool } as Tool & { description?: string; inputSchema?: unknown };
  if (typeof definition.description === "string") overridden.description = definition.description;
  if (definition.parameters && typeof definition.parameters === "object") {
    overridden.inputSchema = jsonSchema(definition.parameters as Parameters<typeof jsonSchema>[0]);
  }
  return overridden as Tool;
}

/** Returns undefined when the prompt references no tools. Throws on unknown or MCP names. */
export function resolveTools(config: ToolsConfig | undefined, registry: ToolRegistry): ToolSet | undefined {
  if (config == null) return undefined;
  const tools: ToolSet = {};
  if (Array.isArray(config)) {
    for (const name of config) tools[name] = lookup(registry, name);
  } else {
    for (const [name, value] of Object.entries(config)) {
      if (typeof value === "string") tools[name] = lookup(registry, value);
      else tools[name] = withPromptDefinition(lookup(registry, name), value ?? {});
    }
  }
  return Object.keys(tools).length > 0 ? tools : undefined;
}
