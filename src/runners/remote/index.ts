/**
 * `createRemoteRunner`: a runner that runs nothing itself. It signs the compiled prompt and
 * hands it to another deployment of this webhook that has the real runner (the process
 * build on Node, with the Claude Agent SDK), then yields the agent events that deployment
 * streams back. Web APIs only: it runs in the edge bundle. Protocol: src/protocol/remote-run.ts.
 *
 * ```ts
 * createRemoteRunner({ models: /^claude\// })   // AGENTMARK_REMOTE_RUNNER_URL + AGENTMARK_RUNNER_SECRET
 * ```
 */
import { MissingSettingError } from "../../core/errors";
import { signTimestamped } from "../../crypto";
import type { AgentEvent } from "../../protocol/agent-events";
import {
  parseAgentEvent,
  REMOTE_RUNNER_PATH,
  RUNNER_SECRET_VARIABLE,
  RUNNER_SIGNATURE_HEADER,
  RUNNER_TIMESTAMP_HEADER,
  type RemoteRunRequest,
} from "../../protocol/remote-run";
import type { CompiledPrompt, PromptKind } from "../../prompt/types";
import { ConfigurationError, terminalError, terminalEvent } from "../toolkit";
import type { EnvVars, GeneratedImage, GeneratedSpeech, RunContext, RunnerOf } from "../types";
import { lines } from "./lines";

export const REMOTE_URL_VARIABLE = "AGENTMARK_REMOTE_RUNNER_URL";

export interface RemoteRunnerOptions {
  /** Shown by /health and in errors (default "remote"). */
  name?: string;
  /** The model names sent to the remote deployment, e.g. `/^claude\//`. */
  models: RegExp | ((modelName: string) => boolean);
  /** Prompt kinds sent there (default text and object). */
  kinds?: readonly PromptKind[];
  /** Variable holding the remote deployment's base URL (default AGENTMARK_REMOTE_RUNNER_URL). */
  urlVariable?: string;
  /** Variable holding the shared secret (default AGENTMARK_RUNNER_SECRET). */
  secretVariable?: string;
  /**
   * How the request travels (default the global `fetch`). Replace it to reach the deployment
   * through a binding, e.g. a Cloudflare Container: `(request) => container.fetch(request)`.
   */
  transport?: (request: Request) => Promise<Response>;
}

const DEFAULT_KINDS: readonly PromptKind[] = ["text", "object"];

type RemoteMediaResult = { images: GeneratedImage[] } | { speech: GeneratedSpeech };

function required(env: EnvVars, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new MissingSettingError(name);
  return value;
}

/** `<base>/runner`, keeping a path prefix of the base (`https://host/claude/` → `/claude/runner`). */
function endpoint(base: string, name: string): URL {
  try {
    const url = new URL(base);
    url.pathname = url.pathname.replace(/\/*$/, "") + REMOTE_RUNNER_PATH;
    return url;
  } catch {
    throw new ConfigurationError(`${name} is not a valid URL: set it to the base URL of the deployment that runs the prompts.`);
  }
}

async function refusal(res: Response, runner: string): Promise<Error> {
  let message = "";
  try {
    const body = (await res.json()) as { message?: unknown };
    if (typeof body.message === "string") message = body.message;
  } catch {
    // not JSON: the status says enough
  }
  return new Error(`The "${runner}" runner's deployment refused the run (HTTP ${res.status})${message ? `: ${message}` : ""}`);
}

export function createRemoteRunner(options: RemoteRunnerOptions): RunnerOf<PromptKind> {
  const name = options.name ?? "remote";
  const kinds = options.kinds ?? DEFAULT_KINDS;
  const urlVariable = options.urlVariable ?? REMOTE_URL_VARIABLE;
  const secretVariable = options.secretVariable ?? RUNNER_SECRET_VARIABLE;
  const matches = typeof options.models === "function" ? options.models : (model: string) => (options.models as RegExp).test(model);
  const transport = options.transport ?? ((request: Request) => fetch(request));

  /** Where and with which secret: read before the run starts, so a missing setting is a 500. */
  function target(env: EnvVars): { url: URL; secret: string } {
    return { url: endpoint(required(env, urlVariable), urlVariable), secret: required(env, secretVariable) };
  }

  /** Sends the prompt; resolves once the remote deployment has accepted it (HTTP 200). */
  async function send(prompt: CompiledPrompt, ctx: RunContext, { url, secret }: { url: URL; secret: string }): Promise<Response> {
    const payload: RemoteRunRequest<CompiledPrompt> = {
      v: 1,
      prompt,
      stream: ctx.stream,
      ...(ctx.telemetry ? { telemetry: { metadata: ctx.telemetry.metadata } } : {}),
    };
    const body = JSON.stringify(payload);
    const { timestamp, signature } = await signTimestamped(secret, body);
    const headers = { "content-type": "application/json", [RUNNER_TIMESTAMP_HEADER]: timestamp, [RUNNER_SIGNATURE_HEADER]: signature };
    const res = await transport(new Request(url, { method: "POST", body, headers, signal: ctx.signal }));
    if (res.status !== 200) throw await refusal(res, name);
    return res;
  }

  async function* events(prompt: CompiledPrompt, ctx: RunContext, to: { url: URL; secret: string }): AsyncGenerator<AgentEvent> {
    // A refusal throws before the first event: the webhook answers it as a plain HTTP error.
    const res = await send(prompt, ctx, to);
    if (!res.body) throw new Error(`The "${name}" runner's deployment answered without a body`);
    let ended = false;
    try {
      for await (const line of lines(res.body)) {
        const event = parseAgentEvent(line);
        if (!event) {
          yield { type: "error", error: `The "${name}" runner's deployment sent a line that is not an agent event` };
          return;
        }
        yield event;
        if (event.type === "error") return;
        if (event.type === "finish") ended = true;
      }
    } catch (err) {
      yield ctx.signal.aborted
        ? terminalEvent(err, ctx)
        : { type: "error", error: `The "${name}" runner's stream broke: ${err instanceof Error ? err.message : String(err)}` };
      return;
    }
    if (!ended) yield { type: "error", error: `The "${name}" runner's deployment closed the stream before the run finished` };
  }

  async function media(prompt: CompiledPrompt, ctx: RunContext): Promise<RemoteMediaResult> {
    const to = target(ctx.env);
    try {
      return (await (await send(prompt, ctx, to)).json()) as RemoteMediaResult;
    } catch (err) {
      throw ctx.signal.aborted ? terminalError(err, ctx) : err;
    }
  }

  return {
    name,
    kinds: kinds as readonly PromptKind[],
    handles: matches,
    runText: (prompt, ctx) => events(prompt, ctx, target(ctx.env)),
    runObject: (prompt, ctx) => events(prompt, ctx, target(ctx.env)),
    async runImage(prompt, ctx): Promise<GeneratedImage[]> {
      const result = await media(prompt, ctx);
      if (!("images" in result)) throw new Error(`The "${name}" runner's deployment answered an image prompt without images`);
      return result.images;
    },
    async runSpeech(prompt, ctx): Promise<GeneratedSpeech> {
      const result = await media(prompt, ctx);
      if (!("speech" in result)) throw new Error(`The "${name}" runner's deployment answered a speech prompt without speech`);
      return result.speech;
    },
  };
}
