/**
 * A prompt's tool references, looked up in a registry (name → tool), without any SDK:
 *
 * - list form (current): `tools: ["search", "sum"]`;
 * - record form (older): `tools: { sum: { description, parameters } }`: the implementation
 *   comes from the registry, the prompt's description / JSON-Schema parameters (when given)
 *   are what the model should see; `tools: { calc: "sum" }` exposes registry tool `sum` as `calc`;
 * - `mcp://server/tool` references are refused (clear error).
 */
import { ConfigurationError } from "../../core/errors";
import type { LanguageModelSettings, ToolDefinition, ToolsConfig } from "../../prompt/types";

export interface ToolRef<T> {
  /** The name the model sees. */
  name: string;
  tool: T;
  /** The prompt's own description / parameters (older record form), to show instead of the registry's. */
  definition?: ToolDefinition;
}

function lookup<T>(registry: Readonly<Record<string, T>>, name: string, runnerName: string): T {
  if (name.startsWith("mcp://")) {
    throw new ConfigurationError(
      `MCP tool references are not supported by the ${runnerName} runner ('${name}'). Register the tool in the tools of src/agentmark.config.ts and reference it by name.`,
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

/** The referenced tools, in order; empty when the prompt references none. Throws on unknown or MCP names. */
export function resolveToolRefs<T>(config: ToolsConfig | undefined, registry: Readonly<Record<string, T>>, runnerName: string): ToolRef<T>[] {
  if (config == null) return [];
  if (Array.isArray(config)) return config.map((name) => ({ name, tool: lookup(registry, name, runnerName) }));
  return Object.entries(config).map(([name, value]) =>
    typeof value === "string"
      ? { name, tool: lookup(registry, value, runnerName) }
      : { name, tool: lookup(registry, name, runnerName), definition: value ?? {} },
  );
}

/**
 * `max_calls` → the most model calls (steps) in one run. Object prompts with tools default
 * to 10 (so the model can call tools and still answer); otherwise undefined: one step, the
 * SDKs' default.
 */
export function stepLimit(config: LanguageModelSettings, options: { hasTools: boolean; kind: "text" | "object" }): number | undefined {
  if (typeof config.max_calls === "number" && config.max_calls > 0) return config.max_calls;
  if (options.kind === "object" && options.hasTools) return 10;
  return undefined;
}
