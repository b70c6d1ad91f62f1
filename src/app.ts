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
import { deploymentFor, type Deployment } from "./runtime/deployment";
import { RequestSummary } from "./runtime/request-summary";
import { reportWeakSecretOnce, webhookSecretStatus } from "./runtime/webhook-secret";
import { PROCESS_CONTEXT } from "./runtime/wait-until";

export const WEBHOOK_PATHS = ["/", "/execute"] as const;

/** What the request line logs for a client that left before its answer (nginx's convention; nobody receives it). */
const CLIENT_CLOSED_REQUEST = 499;

// Variables are read with `c.get(name)`: Hono's `c.var` builds a new object on every access.
const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deployment = deploymentFor(c.env);
  const summary = new RequestSummary(deployment.log);
  c.set("deployment", deployment);
  c.set("summary", summary);
  await next();
  // One line per request, when it really ends: a stream's line comes when the stream does.
  summary.logWhenEnded("request", { method: c.req.method, path: c.req.path, status: c.res.status, job: c.get("jobType") });
};

/** A missing (or published) secret is a refusal, never a default key and never a skip. */
function requireSecret(c: Context<AppEnv>): void {
  const settings = c.get("deployment").settings();
  if (settings.webhookSecrets.length === 0) {
    throw new HttpError(500, settings.secret.message ?? "AGENTMARK_WEBHOOK_SECRET is not configured");
  }
  if (settings.secret.state === "weak") reportWeakSecretOnce(c.get("deployment").log, settings.secret.message!);
  c.set("settings", settings);
}

/**
 * The body's framing and size, before anything reads it (docs/http-edges.md).
 * - Both `Content-Length` and `Transfer-Encoding`: ambiguous framing (the request-smuggling
 *   pattern of RFC 9112 §6.3), refused with 400. Node's, Bun's and Deno's HTTP servers refuse it
 *   before the app runs and workerd's keeps the chunked framing only; this covers any runtime
 *   that would pass both on, and in-process callers.
 * - A declared `Content-Length` is what the runtime's HTTP server reads, so it is checked
 *   against the limit without touching the body. Only a body of undeclared length is counted
 *   while it is read (Hono's bodyLimit). Not reaching for `c.req.raw.body` matters on Node:
 *   @hono/node-server then reads the body straight from the socket instead of building a full
 *   undici `Request` per request (~8 % of the Node entry's CPU, and objects only freed by
 *   finalizers).
 */
const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const { maxBodyBytes } = c.get("settings");
  const headers = c.req.raw.headers;
  const declared = headers.get("content-length");
  const tooLarge = () => new HttpError(413, `Request body too large: the limit is ${maxBodyBytes} bytes (AGENTMARK_MAX_BODY_BYTES)`);
  if (declared !== null) {
    if (headers.has("transfer-encoding")) throw new HttpError(400, "Bad request: both Content-Length and Transfer-Encoding are set");
    if (!/^\d{1,16}$/.test(declared)) throw new HttpError(400, "Bad request: Content-Length is not a number of bytes");
    if (Number(declared) > maxBodyBytes) throw tooLarge();
    return next();
  }
  return bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw tooLarge();
    },
  })(c, next);
};

/** The webhook's checks before its handler, as one middleware (each step of Hono's chain costs a request). */
const guardWebhook: MiddlewareHandler<AppEnv> = (c, next) => {
  requireSecret(c);
  return limitBody(c, next);
};

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
    const secret = webhookSecretStatus(c.get("deployment").env);
    const ok = secret.state === "configured" || secret.state === "weak";
    const body = { ok, secret: secret.state, ...(secret.message ? { message: secret.message } : {}) };
    return c.json({ ...body, runner: config.runners[0]!.name, runners: config.runners.map((r) => r.name), version }, ok ? 200 : 503);
  });
  app.all("/health", methodNotAllowed("GET"));

  for (const path of WEBHOOK_PATHS) {
    app.post(path, guardWebhook, webhookHandler(config));
    app.all(path, methodNotAllowed("POST"));
  }

  app.notFound((c) => c.json({ message: `Not found: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    // The client went away (mid-body, or while a run was answering in one piece): nobody
    // reads this answer and nothing failed on our side, so an info line, not a 5xx error.
    const deployment = c.get("deployment") as Deployment | undefined; // unset if the failure came before it
    if (err instanceof ClientAbortedError || c.req.raw.signal?.aborted) {
      deployment?.log.info("client_aborted", { method: c.req.method, path: c.req.path, job: c.get("jobType") });
      return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    }
    const httpError = toHttpError(err);
    const message = deployment ? deployment.redact(httpError.message) : httpError.message;
    if (httpError.status >= 500) deployment?.log.error("request_failed", { status: httpError.status, error: message });
    return errorResponse(new HttpError(httpError.status, message));
  });
  return app;
}
