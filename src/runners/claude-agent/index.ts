/**
 * The Claude Agent SDK runner (`@anthropic-ai/claude-agent-sdk`, process build only: the
 * SDK starts the Claude Code executable). Model names `claude/<model>` (plus aliases) run
 * as one Claude Code session each:
 *
 * ```ts
 * createClaudeAgentRunner({ tools, maxConcurrency: 4 })   // ANTHROPIC_API_KEY (+ ANTHROPIC_BASE_URL)
 * ```
 *
 * - Text prompts stream (partial messages → text deltas) or not; objects go through the
 *   SDK's JSON-schema structured output. Image and speech are not Claude's: the core
 *   refuses them (`Runner "claude-agent" does not support image prompts.`).
 * - System messages → the system prompt; `max_calls` → max turns (a run that reaches it
 *   ends with Claude Code's error); `max_tokens` → CLAUDE_CODE_MAX_OUTPUT_TOKENS;
 *   `max_retries` → CLAUDE_CODE_MAX_RETRIES. Sampling settings (temperature, top_p, …) have
 *   no Claude Code option and are not sent.
 * - Safe by default: Claude Code's built-in tools (shell, files, web) are off unless named
 *   in `builtinTools`; the prompt's tools come from the tool registry through an in-process
 *   MCP server; no settings files, slash commands or `@file` mentions; each run has its own
 *   empty working directory, HOME and TMPDIR, removed afterwards; the process gets only the
 *   variables it needs (./child-env.ts). At most `maxConcurrency` processes run at once;
 *   other runs wait. Ending a run, or its caller going away, stops the process group.
 */
import type { Tool } from "ai";
import type { AgentEvent } from "../../protocol/agent-events";
import { PromptError } from "../../prompt/errors";
import type { CompiledObjectPrompt, CompiledTextPrompt, ObjectConfig, TextConfig } from "../../prompt/types";
import {
  ConfigurationError,
  linkAbort,
  MissingSettingError,
  ModelNames,
  resolveToolRefs,
  stepLimit,
  terminalEvent,
  type Aliases,
  type ToolRef,
} from "../toolkit";
import type { ToolRegistry } from "../toolkit/tool-registry";
import type { EnvVars, RunContext, RunnerOf } from "../types";
import { childEnv } from "./child-env";
import { ClaudeEventMapper } from "./events";
import { sessionPrompt, type SessionPrompt } from "./prompt";
import { loadClaudeAgentSdk, sdkDir, type SdkQuery, type SdkQueryOptions, type SdkUserInput } from "./sdk";
import { Slots } from "./slots";
import { claudeProcess } from "./spawn";
import { MCP_SERVER_NAME, promptTools } from "./tools";
import { createWorkspace, type Workspace } from "./workspace";

export const CLAUDE_AGENT_RUNNER_NAME = "claude-agent";
export const CLAUDE_PROVIDER = "claude";
/** Measured: see bench/README.md ("Claude Agent SDK runner"). */
export const DEFAULT_MAX_CONCURRENCY = 4;
/** Claude Code's own default is 10 retries with backoff (minutes); a webhook run should fail sooner. */
export const DEFAULT_MAX_RETRIES = 2;
/** The most model calls a prompt may ask for (`max_calls`): a signed job must not buy unbounded work. */
export const MAX_TURNS_LIMIT = 100;
/** The most API retries a prompt may ask for (`max_retries`): Claude Code's own default. */
export const MAX_RETRIES_LIMIT = 10;
/** How long one run may take, start to end, unless the runner's `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export interface ClaudeAgentRunnerOptions {
  /** Tools prompts may reference by name: the template's tool registry (AI SDK `tool()`s). */
  tools?: ToolRegistry;
  /** Extra model names, e.g. `{ sonnet: "claude/claude-sonnet-5" }`; `claude/<model>` always works. */
  aliases?: Aliases;
  /** Claude Code built-in tools allowed by name (e.g. `["WebSearch"]`). Default none: no shell, files or web. */
  builtinTools?: readonly string[];
  /** Most Claude Code processes at once; more runs wait for a free one. */
  maxConcurrency?: number;
  /** Retries Claude Code makes after a failed API call, unless the prompt sets `max_retries` (at most 10). */
  maxRetries?: number;
  /** Longest run, start to end, in ms (default 10 minutes); a run over it ends with an error and its process is stopped. */
  timeoutMs?: number;
  /** Deployment variables passed to Claude Code besides ANTHROPIC_* (e.g. for Bedrock: `["CLAUDE_CODE_USE_BEDROCK", "AWS_REGION", …]`). */
  passEnv?: readonly string[];
  /** Where each run's folder is made (default: the OS temp dir). */
  scratchDir?: string;
  /** The SDK's install folder (default AGENTMARK_CLAUDE_SDK_DIR, else optional/claude-agent-sdk). */
  sdkDir?: string;
}

export interface ClaudeAgentRunner extends RunnerOf<"text" | "object"> {
  /** The concurrency cap: how many processes run and how many runs wait. */
  readonly slots: Pick<Slots, "limit" | "inUse" | "queued">;
}

interface Session {
  kind: "text" | "object";
  modelId: string;
  config: TextConfig | ObjectConfig;
  schema?: Record<string, unknown>;
  refs: ToolRef<Tool>[];
  maxTurns: number;
  maxRetries: number;
  prompt: SessionPrompt;
}

function once(message: SdkUserInput): AsyncIterable<SdkUserInput> {
  return (async function* () {
    yield message;
  })();
}

function requireKey(env: EnvVars): void {
  if (!env.ANTHROPIC_API_KEY?.trim() && !env.ANTHROPIC_AUTH_TOKEN?.trim()) throw new MissingSettingError("ANTHROPIC_API_KEY");
}

function maxRetries(config: TextConfig | ObjectConfig, fallback: number): number {
  if (typeof config.max_retries === "number" && config.max_retries > MAX_RETRIES_LIMIT) {
    throw new PromptError(`max_retries is ${config.max_retries}; the Claude Agent SDK runner allows at most ${MAX_RETRIES_LIMIT}.`);
  }
  return config.max_retries ?? fallback;
}

function maxTurns(config: TextConfig | ObjectConfig, kind: "text" | "object", hasTools: boolean): number {
  if (typeof config.max_calls === "number" && config.max_calls > MAX_TURNS_LIMIT) {
    throw new PromptError(`max_calls is ${config.max_calls}; the Claude Agent SDK runner allows at most ${MAX_TURNS_LIMIT}.`);
  }
  // Without max_calls: one model call (plus the structured-output call for objects), or ten with tools.
  return stepLimit(config, { hasTools, kind }) ?? (hasTools ? 10 : kind === "object" ? 2 : 1);
}

export function createClaudeAgentRunner(options: ClaudeAgentRunnerOptions = {}): ClaudeAgentRunner {
  const models = new ModelNames(new Set([CLAUDE_PROVIDER]), options.aliases);
  const registry = options.tools ?? {};
  const builtins = [...(options.builtinTools ?? [])];
  const slots = new Slots(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);

  /** Everything that can be wrong with the deployment or the prompt, checked before the run starts. */
  function prepare(kind: "text" | "object", config: TextConfig | ObjectConfig, prompt: CompiledTextPrompt | CompiledObjectPrompt, env: EnvVars): Session {
    const { modelId } = models.resolve(config.model_name);
    const refs = resolveToolRefs(config.tools, registry, CLAUDE_AGENT_RUNNER_NAME);
    requireKey(env);
    return {
      kind,
      modelId,
      config,
      ...(kind === "object" ? { schema: (config as ObjectConfig).schema } : {}),
      refs,
      maxTurns: maxTurns(config, kind, refs.length > 0),
      maxRetries: maxRetries(config, options.maxRetries ?? DEFAULT_MAX_RETRIES),
      prompt: sessionPrompt(prompt.messages),
    };
  }

  function queryOptions(session: Session, ctx: RunContext, workspace: Workspace, mcp: SdkQueryOptions["mcpServers"], allowedTools: string[]): SdkQueryOptions {
    const { config } = session;
    const run: Record<string, string> = {
      CLAUDE_CODE_MAX_RETRIES: String(session.maxRetries),
      CLAUDE_AGENT_SDK_CLIENT_APP: "agentmark-webhook",
    };
    if (config.max_tokens !== undefined) run.CLAUDE_CODE_MAX_OUTPUT_TOKENS = String(config.max_tokens);
    // A streamed answer cannot be taken back: no silent non-streaming retry of a cut stream.
    if (ctx.stream) run.CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK = "1";
    return {
      model: session.modelId,
      ...(session.prompt.systemPrompt !== undefined ? { systemPrompt: session.prompt.systemPrompt } : {}),
      maxTurns: session.maxTurns,
      tools: builtins,
      allowedTools: [...allowedTools, ...builtins],
      permissionMode: "dontAsk",
      ...(mcp ? { mcpServers: mcp } : {}),
      strictMcpConfig: true,
      settingSources: [],
      persistSession: false,
      verbatimPrompts: true,
      includePartialMessages: ctx.stream,
      ...(session.schema ? { outputFormat: { type: "json_schema", schema: session.schema } } : {}),
      cwd: workspace.cwd,
      env: childEnv({ env: ctx.env, workspace, passThrough: options.passEnv ?? [], run }),
    };
  }

  async function* run(session: Session, ctx: RunContext): AsyncGenerator<AgentEvent> {
    const abort = linkAbort(ctx.signal);
    const child = claudeProcess();
    let release: (() => void) | undefined;
    let workspace: Workspace | undefined;
    let query: SdkQuery | undefined;
    const stop = () => void child.stop();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    try {
      const sdk = await loadClaudeAgentSdk(sdkDir(options.sdkDir ?? ctx.env.AGENTMARK_CLAUDE_SDK_DIR));
      release = await slots.acquire(abort.signal);
      workspace = await createWorkspace(options.scratchDir);
      const tools = await promptTools(session.refs, ctx.env, abort.signal);
      const mcp = tools.definitions.length ? { [MCP_SERVER_NAME]: sdk.createSdkMcpServer({ name: MCP_SERVER_NAME, tools: tools.definitions }) } : undefined;
      const controller = new AbortController();
      abort.signal.addEventListener("abort", () => (controller.abort(), stop()), { once: true });
      const { prompt } = session.prompt;
      query = sdk.query({
        prompt: typeof prompt === "string" ? prompt : once(prompt),
        options: {
          ...queryOptions(session, ctx, workspace, mcp, tools.allowed),
          abortController: controller,
          spawnClaudeCodeProcess: (spawnOptions) => child.spawn(spawnOptions),
        },
      });
      const mapper = new ClaudeEventMapper({ kind: session.kind, stream: ctx.stream, tools });
      for await (const message of query) {
        for (const event of await mapper.map(message)) yield event;
        if (mapper.done) return;
      }
      yield { type: "error", error: withOutput("Claude Code ended without a result.", child.stderrTail()) };
    } catch (err) {
      // A missing install is the deployment's problem, not the run's: the caller gets a 500.
      if (err instanceof ConfigurationError) throw err;
      if (timedOut && !ctx.signal.aborted) {
        yield { type: "error", error: `The Claude run took longer than its limit of ${Math.round(timeoutMs / 1000)} s (timeoutMs) and was stopped.` };
      } else {
        yield terminalEvent(abort.signal.aborted || ctx.signal.aborted ? err : new Error(withOutput(messageOf(err), child.stderrTail())), ctx);
      }
    } finally {
      clearTimeout(timer);
      abort.abort();
      query?.close();
      await child.stop();
      await workspace?.remove();
      release?.();
    }
  }

  return {
    name: CLAUDE_AGENT_RUNNER_NAME,
    kinds: ["text", "object"],
    handles: (modelName) => models.handles(modelName),
    slots,
    runText: (prompt, ctx) => run(prepare("text", prompt.text_config, prompt, ctx.env), ctx),
    runObject: (prompt, ctx) => run(prepare("object", prompt.object_config, prompt, ctx.env), ctx),
  };
}

function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // The SDK rethrows an error result after delivering it; its text is Claude Code's own.
  return message.replace(/^Claude Code returned an error result: /, "");
}

/** The last line Claude Code wrote to stderr, when there is one: it explains a crash. */
function withOutput(message: string, stderr: string): string {
  const last = stderr.trim().split("\n").filter(Boolean).at(-1);
  return last ? `${message} (Claude Code: ${last.slice(0, 300)})` : message;
}
