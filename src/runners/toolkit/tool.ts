import type { tool as aiTool } from "ai";

/**
 * The AI SDK's `tool()`, with its types: like the SDK's, it returns the definition as it is
 * (its job is to infer `execute`'s input from `inputSchema`). Defined here so that the config
 * that declares tools does not evaluate the whole `ai` package when the app starts; the SDK
 * loads with the first run that needs it.
 */
export const tool: typeof aiTool = ((definition: unknown) => definition) as typeof aiTool;
