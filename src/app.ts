/**
 * `createApp(config)`: the routes and the middleware, nothing else. The same app is the
 * Worker's default export and is served by the Deno, Bun, Node and Vercel entries.
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { version } from "../package.json";
import type { AppEnv } from "./app-env";
import type { AgentmarkConfig } from "./config";
import { ClientAbortedError, errorResponse, HttpError, toHttpError } from "./handlers/errors";
import { webhookHandler } from "./handlers/webhook";
import { runtimeEnv } from "./runtime/env";
import { createLogger, redact } from "./runtime/log";
import { RequestSummary } from "./runtime/request-summary";
import { secretValues } from "./runtime/secrets";
import { readSettings } from "./runtime/settings";
import { reportWeakSecretOnce, webhookSecretStatus } from "./runtime/webhook-secret";
import { PROCESS_CONTEXT } from "./runtime/wait-until";

export const WEBHOOK_PATHS = ["/", "/execute"] as const;

/** What the request line logs for a client that left before its answer (nginx's convention; nobody receives it). */
const CLIENT_CLOSED_REQUEST = 499;

const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const env = runtimeEnv(c.env);
  const secrets = secretValues(env);
  const log = createLogger(env.AGENTMARK_LOG_LEVEL, secrets);
  const summary = new RequestSummary(log);
  c.set("env", env);
  c.set("log", log);
  c.set("redact", (text) => redact(text, secrets));
  c.set("summary", summary);
  await next();
  // One line per request, when it really ends: a stream's line comes when the stream does.
  summary.logWhenEnded("request", { method: c.req.method, path: c.req.path, status: c.res.status, job: c.var.jobType });
};

/** A missing (or published) secret is a refusal, never a default key and never a skip. */
const requireSecret: MiddlewareHandler<AppEnv> = async (c, next) => {
  const settings = readSettings(c.var.env);
  if (settings.webhookSecrets.length === 0) {
    throw new HttpError(500, settings.secret.message ?? "AGENTMARK_WEBHOOK_SECRET is not configured");
  }
  if (settings.secret.state === "weak") reportWeakSecretOnce(c.var.log, settings.secret.message!);
  c.set("settings", settings);
  await next();
};

const limitBody: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: c.var.settings.maxBodyBytes,
    onError: () => {
      throw new HttpError(413, `Request body too large: the limit is ${c.var.settings.maxBodyBytes} bytes (AGENTMARK_MAX_BODY_BYTES)`);
    },
  })(c, next);

function methodNotAllowed(allow: string) {
  return (c: Context<AppEnv>) =>
    c.json({ message: `Method ${c.req.method} is not allowed on ${c.req.path}; use ${allow}` }, 405, { Allow: allow });
}

export function createApp(config: AgentmarkConfig): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Runtimes without an ExecutionContext (Node, Bun, Deno) get the process-lived one.
  const dispatch = app.fetch;
  app.fetch = (request, env, executionCtx) => dispatch(request, env, executionCtx ?? PROCESS_CONTEXT);
  app.use("*", requestContext);

  // Says whether the webhook secret is usable (never its value): 503 when every call would be refused.
  app.get("/health", (c) => {
    const secret = webhookSecretStatus(c.var.env);
    const ok = secret.state === "configured" || secret.state === "weak";
    const body = { ok, secret: secret.state, ...(secret.message ? { message: secret.message } : {}) };
    return c.json({ ...body, runner: config.runners[0]!.name, runners: config.runners.map((r) => r.name), version }, ok ? 200 : 503);
  });
  app.all("/health", methodNotAllowed("GET"));

  for (const path of WEBHOOK_PATHS) {
    app.post(path, requireSecret, limitBody, webhookHandler(config));
    app.all(path, methodNotAllowed("POST"));
  }

  app.notFound((c) => c.json({ message: `Not found: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    // The client went away (mid-body, or while a run was answering in one piece): nobody
    // reads this answer and nothing failed on our side, so an info line, not a 5xx error.
    if (err instanceof ClientAbortedError || c.req.raw.signal?.aborted) {
      c.var.log?.info("client_aborted", { method: c.req.method, path: c.req.path, job: c.var.jobType });
      return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    }
    const httpError = toHttpError(err);
    const message = c.var.redact ? c.var.redact(httpError.message) : httpError.message;
    if (httpError.status >= 500) c.var.log?.error("request_failed", { status: httpError.status, error: message });
    return errorResponse(new HttpError(httpError.status, message));
  });
  return app;
}
