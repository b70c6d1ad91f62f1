/**
 * `POST /`: the signed webhook. Runs after the secret check and the body limit:
 * raw bytes → verify the signature over exactly those bytes → parse → dispatch.
 * Nothing in the body is looked at before the signature is verified.
 */
import type { Context } from "hono";
import type { AgentmarkConfig } from "../config";
import { resolveTimeouts } from "../core/limits";
import { checkSignature, SIGNATURE_HEADER, type SignatureCheck } from "../crypto";
import { ClientAbortedError, HttpError } from "./errors";
import { parseJob } from "../protocol/events";
import { waitUntilFor } from "../runtime/wait-until";
import { tracingFor } from "../telemetry";
import type { AppEnv } from "../app-env";
import { handleAlert } from "./alert";
import { handleDatasetRun } from "./dataset-run";
import { handleGetEvals } from "./get-evals";
import { handlePromptRun } from "./prompt-run";

const SIGNATURE_ERRORS: Record<Exclude<SignatureCheck, { ok: true }>["reason"], string> = {
  missing: `Missing signature: expected the ${SIGNATURE_HEADER} header`,
  malformed: `Malformed signature: ${SIGNATURE_HEADER} must be "sha256=" followed by 64 hex characters`,
  mismatch: "Invalid signature: it does not match the request body",
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeBody(raw: ArrayBuffer): string {
  try {
    return utf8.decode(raw);
  } catch {
    throw new HttpError(400, "Invalid request body: not valid UTF-8");
  }
}

/**
 * The raw body. A read that fails for any reason other than the body limit is the client's
 * connection failing mid-body (workerd: "Network connection lost."; its request signal only
 * fires once a response has started): the request ends as `ClientAbortedError`, logged as
 * `client_aborted` at info level, not as a 500.
 */
async function readBody(c: Context<AppEnv>): Promise<ArrayBuffer> {
  try {
    return await c.req.arrayBuffer();
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new ClientAbortedError(err);
  }
}

export function webhookHandler(config: AgentmarkConfig) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const { env, log, redact } = c.get("deployment");
    const settings = c.get("settings");
    const summary = c.get("summary");
    const raw = await readBody(c);
    const check = await checkSignature(settings.webhookSecrets, c.req.header(SIGNATURE_HEADER), raw);
    if (!check.ok) {
      summary.reason = check.reason;
      throw new HttpError(401, SIGNATURE_ERRORS[check.reason]);
    }

    const job = parseJob(decodeBody(raw));
    const exportTimeoutMs = resolveTimeouts(config.limits?.timeouts).traceExportMs;
    c.set("jobType", job.type);
    summary.describe({ job: job.type });
    switch (job.type) {
      case "prompt-run":
        return handlePromptRun(job.data, { config, env, signal: c.req.raw.signal, tracing: tracingFor(env, waitUntilFor(c), log, exportTimeoutMs), log, redactError: redact, summary });
      case "get-evals":
        return handleGetEvals(config);
      case "alert":
        return handleAlert(
          job.data.alert,
          { config, env, log, slackWebhookUrl: settings.slackWebhookUrl },
          waitUntilFor(c),
        );
      case "dataset-run":
        return handleDatasetRun(job.data, {
          config,
          env,
          bindings: c.env,
          signal: c.req.raw.signal,
          log,
          redactError: redact,
          tracing: tracingFor(env, waitUntilFor(c), log, exportTimeoutMs),
          summary,
        });
    }
  };
}
