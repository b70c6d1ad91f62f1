/**
 * The webhook as an object to embed, built from the config (`createWebhookHandler(config)`):
 *
 * - `fetch(request, env?, ctx?)`: the whole app, as served on its own: signed `POST /` and
 *   `POST /execute`, `GET /health`. In an existing Hono app: `app.mount("/agentmark", handler.fetch)`.
 * - `webhook(request, env?, ctx?)`: the signed endpoint alone, at whatever path it is mounted
 *   (a Next.js route handler, one path of your Node server). Same verification as `fetch`.
 * - `runPrompt(data, options?)` / `runExperiment(data, options?)`: run the `data` of a
 *   `prompt-run` / `dataset-run` job directly, from your own code. They resolve with the
 *   Response the webhook would send (NDJSON stream or JSON envelope; `{message}` with a 4xx/5xx
 *   status on failure). They check no signature: never connect them to a route that does not
 *   authenticate its caller.
 *
 * The object is the Hono app itself, so `app.route("/agentmark", handler)` works too.
 */
import type { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { createApp } from "./app";
import type { AgentmarkConfig } from "./config";
import { handleDatasetRun } from "./handlers/dataset-run";
import { errorResponse, HttpError, toHttpError } from "./handlers/errors";
import { handlePromptRun } from "./handlers/prompt-run";
import { validateJob, type DatasetRunData, type PromptRunData } from "./protocol/events";
import { deploymentFor } from "./runtime/deployment";
import { RequestSummary } from "./runtime/request-summary";
import { PROCESS_CONTEXT, waitUntilFor } from "./runtime/wait-until";
import { resolveTimeouts } from "./core/limits";
import { tracingFor } from "./telemetry";

/** What a platform passes to `fetch` besides the request (Workers, Vercel). */
export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

export interface RunOptions {
  /** Settings and secrets by name (e.g. Worker bindings); missing names are read from process.env / Deno.env. */
  env?: Record<string, unknown>;
  /** Abort to stop the run (e.g. the request's signal: the caller went away). */
  signal?: AbortSignal;
  /** Keeps work alive after the answer (trace export) where the platform needs it (Workers, Vercel). */
  waitUntil?: (promise: Promise<unknown>) => void;
}

export interface WebhookHandler {
  fetch(request: Request, env?: unknown, ctx?: ExecutionContextLike): Response | Promise<Response>;
  webhook(request: Request, env?: unknown, ctx?: ExecutionContextLike): Promise<Response>;
  runPrompt(data: PromptRunData, options?: RunOptions): Promise<Response>;
  runExperiment(data: DatasetRunData, options?: RunOptions): Promise<Response>;
}

async function runJob(config: AgentmarkConfig, job: { type: "prompt-run" | "dataset-run"; data: unknown }, options: RunOptions): Promise<Response> {
  const { env, log, redact: redactError } = deploymentFor(options.env);
  const signal = options.signal ?? new AbortController().signal;
  const waitUntil = waitUntilFor({ executionCtx: options.waitUntil ? { waitUntil: options.waitUntil } : PROCESS_CONTEXT });
  const summary = new RequestSummary(log);
  summary.describe({ job: job.type });
  let res: Response;
  try {
    const parsed = validateJob(job);
    const tracing = tracingFor(env, waitUntil, log, resolveTimeouts(config.limits?.timeouts).traceExportMs);
    if (parsed.type === "prompt-run") res = await handlePromptRun(parsed.data, { config, env, signal, tracing, log, redactError, summary });
    else if (parsed.type === "dataset-run") res = await handleDatasetRun(parsed.data, { config, env, bindings: options.env, signal, log, redactError, tracing, summary });
    else throw new HttpError(400, `Expected a ${job.type} job`);
  } catch (err) {
    const failure = toHttpError(err);
    const message = redactError(failure.message);
    if (signal.aborted) {
      // The caller stopped the run: nothing failed on our side (as the app's client_aborted).
      log.info("client_aborted", { job: job.type });
      res = new Response(null, { status: 499 });
    } else {
      if (failure.status >= 500) log.error("request_failed", { job: job.type, status: failure.status, error: message });
      res = errorResponse(new HttpError(failure.status, message));
    }
  }
  // The same one line per run as the app's per request, without method and path.
  summary.logWhenEnded("run", { status: res.status, job: job.type });
  return res;
}

export function createWebhookHandler(config: AgentmarkConfig): Hono<AppEnv> & WebhookHandler {
  const app = createApp(config);
  const serve = app.fetch as (request: Request, env?: unknown, ctx?: ExecutionContextLike) => Response | Promise<Response>;
  const webhook = async (request: Request, env?: unknown, ctx?: ExecutionContextLike): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === "/") return serve(request, env, ctx);
    url.pathname = "/";
    return serve(new Request(url, request), env, ctx);
  };
  return Object.assign(app, {
    webhook,
    runPrompt: (data: PromptRunData, options: RunOptions = {}) => runJob(config, { type: "prompt-run", data }, options),
    runExperiment: (data: DatasetRunData, options: RunOptions = {}) => runJob(config, { type: "dataset-run", data }, options),
  });
}
