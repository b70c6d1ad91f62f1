/**
 * The part of `@anthropic-ai/claude-agent-sdk` this runner uses, and where it is loaded from.
 *
 * The SDK and its ~400 MB Claude Code executable are an optional install
 * (`npm run claude:install` → `optional/claude-agent-sdk/node_modules`), so the template
 * must type-check and build without them: the runner is written against the narrow view
 * declared here, and `test/runners/claude-agent/sdk-port.check.ts` (type-checked by
 * `sdk-port.node.test.ts`) proves the installed SDK matches it.
 */
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Readable, Writable } from "node:stream";
import { ConfigurationError } from "../toolkit";

export const SDK_PACKAGE = "@anthropic-ai/claude-agent-sdk";
/** Where `npm run claude:install` puts the SDK, relative to the working directory of the process. */
export const DEFAULT_SDK_DIR = "optional/claude-agent-sdk";

// ---------------------------------------------------------------------------------------------
// Options

export interface SdkSpawnOptions {
  command: string;
  args: string[];
  cwd?: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
}

/** What `spawnClaudeCodeProcess` returns; a Node `ChildProcess` is one. */
export interface SdkSpawnedProcess {
  stdin: Writable;
  stdout: Readable;
  readonly killed: boolean;
  readonly exitCode: number | null;
  kill(signal: NodeJS.Signals): boolean;
  on(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  once(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  once(event: "error", listener: (error: Error) => void): void;
  off(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  off(event: "error", listener: (error: Error) => void): void;
}

/** An in-process MCP server (`createSdkMcpServer`), opaque to the runner. */
export interface SdkMcpServer {
  type: "sdk";
  name: string;
}

export interface SdkQueryOptions {
  abortController?: AbortController;
  cwd?: string;
  env?: Record<string, string | undefined>;
  model?: string;
  systemPrompt?: string;
  maxTurns?: number;
  /** Built-in tools the model may see: `[]` turns them all off. */
  tools?: string[];
  allowedTools?: string[];
  disallowedTools?: string[];
  permissionMode?: "default" | "dontAsk";
  includePartialMessages?: boolean;
  mcpServers?: Record<string, SdkMcpServer>;
  strictMcpConfig?: boolean;
  outputFormat?: { type: "json_schema"; schema: Record<string, unknown> };
  settingSources?: Array<"user" | "project" | "local">;
  persistSession?: boolean;
  /** User text as written: no slash-command dispatch, no `@path` file expansion. */
  verbatimPrompts?: boolean;
  pathToClaudeCodeExecutable?: string;
  spawnClaudeCodeProcess?: (options: SdkSpawnOptions) => SdkSpawnedProcess;
  stderr?: (data: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Messages: the variants the runner reads. The SDK emits many more (status, hooks, tasks…);
// the runner ignores every other `type` / `subtype`.

export type SdkContentBlock =
  | { type: "text"; text: string }
  | { type: "thinking"; thinking: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; tool_use_id: string; content?: unknown; is_error?: boolean }
  | { type: string };

export interface SdkAssistantMessage {
  type: "assistant";
  message: { id: string; model: string; content: SdkContentBlock[] };
  parent_tool_use_id: string | null;
  /** Set on the synthetic message that carries an API error's text. */
  error?: string;
}

/** A user message as the SDK reports it (tool results live here). */
export interface SdkUserMessage {
  type: "user";
  message: { role: string; content: string | SdkContentBlock[] };
  parent_tool_use_id: string | null;
}

export type SdkImageMediaType = "image/jpeg" | "image/png" | "image/gif" | "image/webp";

/** Content the runner sends in its user turn: Messages API text, image and PDF document blocks. */
export type SdkInputBlock =
  | { type: "text"; text: string }
  | { type: "image"; source: { type: "base64"; media_type: SdkImageMediaType; data: string } | { type: "url"; url: string } }
  | { type: "document"; source: { type: "base64"; media_type: "application/pdf"; data: string } | { type: "url"; url: string } };

/** The user turn the runner sends when it carries attachments. */
export interface SdkUserInput {
  type: "user";
  message: { role: "user"; content: SdkInputBlock[] };
  parent_tool_use_id: null;
}

export type SdkStreamEvent =
  | { type: "message_start"; message: { id: string } }
  | { type: "content_block_start"; index: number; content_block: SdkContentBlock }
  | {
      type: "content_block_delta";
      index: number;
      delta: { type: "text_delta"; text: string } | { type: "thinking_delta"; thinking: string } | { type: "input_json_delta"; partial_json: string } | { type: string };
    }
  | { type: "content_block_stop"; index: number }
  | { type: "message_delta"; delta?: { stop_reason?: string | null } }
  | { type: "message_stop" };

export interface SdkPartialAssistantMessage {
  type: "stream_event";
  event: SdkStreamEvent;
  parent_tool_use_id: string | null;
}

export interface SdkUsage {
  input_tokens: number;
  output_tokens: number;
}

export interface SdkResultSuccess {
  type: "result";
  subtype: "success";
  is_error: boolean;
  result: string;
  stop_reason: string | null;
  usage: SdkUsage;
  num_turns: number;
  structured_output?: unknown;
}

export interface SdkResultError {
  type: "result";
  subtype: "error_during_execution" | "error_max_turns" | "error_max_budget_usd" | "error_max_structured_output_retries";
  is_error: boolean;
  stop_reason: string | null;
  usage: SdkUsage;
  num_turns: number;
  errors: string[];
}

export type SdkMessage = SdkAssistantMessage | SdkUserMessage | SdkPartialAssistantMessage | SdkResultSuccess | SdkResultError;

/** What `query()` returns: the messages, and `close()` to end the session early. */
export interface SdkQuery extends AsyncIterable<SdkMessage> {
  close(): void;
}

export interface SdkToolResult {
  [key: string]: unknown;
  content: Array<{ type: "text"; text: string }>;
  isError?: boolean;
}

/** The SDK's module: `query`, and the in-process MCP server for prompt tools. */
export interface ClaudeAgentSdk {
  query(params: { prompt: string | AsyncIterable<SdkUserInput>; options?: SdkQueryOptions }): SdkQuery;
  createSdkMcpServer(options: { name: string; version?: string; tools?: SdkMcpToolDefinition[] }): SdkMcpServer;
}

/** A tool of the in-process MCP server; `inputSchema` is a zod raw shape (the SDK's `tool()` takes the same). */
export interface SdkMcpToolDefinition {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  handler: (args: Record<string, unknown>, extra: unknown) => Promise<SdkToolResult>;
}

// ---------------------------------------------------------------------------------------------
// Loading

export class ClaudeSdkMissingError extends ConfigurationError {
  override readonly name = "ClaudeSdkMissingError";
  constructor(dir: string) {
    super(
      `The Claude Agent SDK is not installed (looked in ${dir}). Run \`npm run claude:install\` once, or set AGENTMARK_CLAUDE_SDK_DIR to the folder it was installed in.`,
    );
  }
}

/** The absolute install folder: `dir` (or the default) against the process's working directory. */
export function sdkDir(dir: string | undefined): string {
  const chosen = dir || DEFAULT_SDK_DIR;
  return isAbsolute(chosen) ? chosen : resolve(process.cwd(), chosen);
}

const loaded = new Map<string, Promise<ClaudeAgentSdk>>();

/**
 * Imports the SDK from its install folder, once per folder. Resolved from that folder (not
 * from this file), so a bundle built without the SDK finds it at run time, and the SDK finds
 * its platform executable next to itself.
 */
export function loadClaudeAgentSdk(dir: string): Promise<ClaudeAgentSdk> {
  let sdk = loaded.get(dir);
  if (!sdk) {
    sdk = importFrom(dir);
    sdk.catch(() => loaded.delete(dir));
    loaded.set(dir, sdk);
  }
  return sdk;
}

async function importFrom(dir: string): Promise<ClaudeAgentSdk> {
  const manifest = join(dir, "package.json");
  let entry: string;
  try {
    if (!existsSync(manifest)) throw new Error("no package.json");
    entry = createRequire(manifest).resolve(SDK_PACKAGE);
  } catch {
    throw new ClaudeSdkMissingError(dir);
  }
  return (await import(pathToFileURL(entry).href)) as ClaudeAgentSdk;
}
