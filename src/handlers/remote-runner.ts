/**
 * `POST /runner`: the receiving end of the remote-runner protocol (src/protocol/remote-run.ts).
 * Another deployment (a Worker) hands over a compiled prompt; this one runs it on its own
 * runners and streams the agent events back as NDJSON. Signed with AGENTMARK_RUNNER_SECRET,
 * verified over the raw bytes before anything in the body is read; without the secret the
 * endpoint refuses every request. A closed connection aborts the run.
 */
import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env";
import type { AgentmarkConfig } from "../config";
import { anySignal } from "../core/any-signal";
import { resolveTimeouts } from "../core/limits";
import { checkTimestamped } from "../crypto";
import type { AgentEvent } from "../protocol/agent-events";
import type { CompiledPrompt } from "../prompt/types";
import { normalizeError } from "../protocol/errors";
import {
  MAX_CLOCK_SKEW_SECONDS,
  parseRunRequest,
  REMOTE_RUNNER_PATH,
  RUNNER_SECRET_VARIABLE,
  RUNNER_SIGNATURE_HEADER,
  RUNNER_TIMESTAMP_HEADER,
  SIGNATURE_REFUSALS,
} from "../protocol/remote-run";
import { startRun } from "../runners/dispatch";
import { selectRunner } from "../runners/select";
import type { RunContext } from "../runners/types";
import { readSettings } from "../runtime/settings";
import { HttpError } from "./errors";
import { ndjsonResponse } from "./ndjson-response";

async function readLimited(c: Context<AppEnv>, maxBytes: number): Promise<ArrayBuffer> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) throw new HttpError(413, `Request body too large: the limit is ${maxBytes} bytes (AGENTMARK_MAX_BODY_BYTES)`);
  const raw = await c.req.arrayBuffer();
  if (raw.byteLength > maxBytes) throw new HttpError(413, `Request body too large: the limit is ${maxBytes} bytes (AGENTMARK_MAX_BODY_BYTES)`);
  return raw;
}

/** Events with every error text redacted, ending after the first error; thrown failures become one error event. */
async function* guarded(first: IteratorResult<AgentEvent>, rest: AsyncIterator<AgentEvent>, redact: (text: string) => string): AsyncGenerator<AgentEvent> {
  try {
    let next = first;
    while (!next.done) {
      const event = next.value;
      yield event.type === "error" ? { type: "error", error: redact(event.error) } : event;
      if (event.type === "error") return;
      next = await rest.next();
    }
  } catch (err) {
    yield { type: "error", error: redact(normalizeError(err)) };
  } finally {
    await rest.return?.();
  }
}

/** The runners that serve remote runs, and how to choose between them (as for the webhook). */
export type RemoteRunners = Pick<AgentmarkConfig, "runners" | "defaultRunner" | "routes" | "limits">;

export function remoteRunnerHandler(config: RemoteRunners) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const { env, redact, log } = c.get("deployment");
    const secret = env[RUNNER_SECRET_VARIABLE]?.trim();
    if (!secret) throw new HttpError(500, `${RUNNER_SECRET_VARIABLE} is not configured: this deployment does not accept remote runs`);
    const raw = await readLimited(c, readSettings(env).maxBodyBytes);
    const check = await checkTimestamped([secret], c.req.header(RUNNER_TIMESTAMP_HEADER), c.req.header(RUNNER_SIGNATURE_HEADER), raw, {
      maxSkewSeconds: MAX_CLOCK_SKEW_SECONDS,
    });
    if (!check.ok) throw new HttpError(401, SIGNATURE_REFUSALS[check.reason]);

    const parsed = parseRunRequest<CompiledPrompt>(new TextDecoder().decode(raw));
    if (!parsed.ok) throw new HttpError(400, parsed.message);
    const { prompt, stream, telemetry } = parsed.request;
    const runner = selectRunner(config.runners, prompt, config);
    const cancel = new AbortController();
    const ctx: RunContext = {
      signal: anySignal([c.req.raw.signal, cancel.signal]),
      stream,
      env,
      ...(telemetry ? { telemetry: { metadata: telemetry.metadata } } : {}),
    };
    c.set("jobType", `runner:${prompt.kind}`);

    switch (prompt.kind) {
      case "text":
      case "object": {
        const iterator = startRun(runner, prompt, ctx)[Symbol.asyncIterator]();
        // Awaited before answering: a run that cannot start is an HTTP error the sender throws.
        const first = await iterator.next();
        return ndjsonResponse(
          guarded(first, iterator, redact),
          () => {
            log.info("stream_cancelled", { job: "runner", prompt: prompt.name });
            cancel.abort();
            void iterator.return?.();
          },
          undefined,
          resolveTimeouts(config.limits?.timeouts).heartbeatMs,
        );
      }
      case "image":
        return Response.json({ images: await startRun(runner, prompt, ctx) });
      case "speech":
        return Response.json({ speech: await startRun(runner, prompt, ctx) });
    }
  };
}


/** Mounts `POST /runner` (and a 405 for other methods) on an app, serving the config's runners. */
export function acceptRemoteRuns<App extends Hono<AppEnv>>(app: App, config: RemoteRunners): App {
  app.post(REMOTE_RUNNER_PATH, remoteRunnerHandler(config));
  app.all(REMOTE_RUNNER_PATH, (c) =>
    c.json({ message: `Method ${c.req.method} is not allowed on ${REMOTE_RUNNER_PATH}; use POST` }, 405, { Allow: "POST" }),
  );
  return app;
}
