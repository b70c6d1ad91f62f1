/**
 * The runner's view of the Claude Agent SDK (src/runners/claude-agent/sdk.ts) against the
 * installed SDK's own types. Not part of `npm run typecheck` (the SDK is an optional
 * install); sdk-port.node.test.ts type-checks this file with the SDK resolved from its
 * install folder, so a new SDK version that changes what the runner relies on fails there.
 */
import type * as Sdk from "@anthropic-ai/claude-agent-sdk";
import type {
  ClaudeAgentSdk,
  SdkAssistantMessage,
  SdkMcpServer,
  SdkPartialAssistantMessage,
  SdkQueryOptions,
  SdkResultError,
  SdkResultSuccess,
  SdkSpawnedProcess,
  SdkUserInput,
  SdkUserMessage,
} from "../../../src/runners/claude-agent/sdk";

// What the runner passes, the SDK takes. (The MCP server object only travels from
// createSdkMcpServer back into `mcpServers`; the runner never looks inside it.)
type PassedOptions = Omit<SdkQueryOptions, "mcpServers">;
export const options = (o: PassedOptions): Sdk.Options => o;
export const input = (m: SdkUserInput): Sdk.SDKUserMessage => m;
export const mcpServer = (f: typeof Sdk.createSdkMcpServer) => (o: Parameters<ClaudeAgentSdk["createSdkMcpServer"]>[0]): SdkMcpServer => f(o);
export const mcpServers = (f: typeof Sdk.createSdkMcpServer): NonNullable<Sdk.Options["mcpServers"]>[string] => f({ name: "x" });
export const spawned = (p: SdkSpawnedProcess): Sdk.SpawnedProcess => p;
export const spawnOptions = (o: Sdk.SpawnOptions): Parameters<NonNullable<SdkQueryOptions["spawnClaudeCodeProcess"]>>[0] => o;

// What the runner reads is a narrower view of what the SDK sends.
export const assistant = (m: Sdk.SDKAssistantMessage): SdkAssistantMessage => m;
export const user = (m: Sdk.SDKUserMessage): SdkUserMessage => m;
export const partial = (m: Sdk.SDKPartialAssistantMessage): SdkPartialAssistantMessage => m;
export const success = (m: Sdk.SDKResultSuccess): SdkResultSuccess => m;
export const failure = (m: Sdk.SDKResultError): SdkResultError => m;
