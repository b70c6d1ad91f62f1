/**
 * Errors → HTTP statuses, decided here and nowhere else. Every failure answer is
 * `{"message": ...}` (webhook-http.json). The rest of the code throws errors that say what
 * went wrong (a bad prompt, bad sampling, a configuration problem, a failed run); only the
 * HTTP layer (this folder and `app.ts`) throws `HttpError` with a status of its own.
 */
import { ConfigurationError } from "../core/errors";
import { RunLimitError, TimeoutExceededError } from "../core/limits";
import { DatasetError, DatasetNotFoundError } from "../experiments/rows";
import { SamplingError } from "../experiments/sampling";
import { PromptError } from "../prompt/errors";
import { InvalidJobError, normalizeError, RunFailedError } from "../protocol/errors";

export type HttpStatus = 400 | 401 | 404 | 405 | 413 | 500 | 501 | 504;

/** A failure of the HTTP exchange itself (signature, body size, method), with its status. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: HttpStatus,
    message: string,
  ) {
    super(message);
  }
}

/** The client's connection failed while its request was being read: nobody is left to answer. */
export class ClientAbortedError extends Error {
  override readonly name = "ClientAbortedError";
  constructor(cause: unknown) {
    super("The client went away while its request was being read", { cause });
  }
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** First match wins; anything else is a 500 with its normalized message. */
const STATUS_OF: ReadonlyArray<readonly [ErrorClass, HttpStatus, ((message: string) => string)?]> = [
  [InvalidJobError, 400],
  [PromptError, 400],
  [RunLimitError, 400],
  [SamplingError, 400, (message) => `Invalid sampling: ${message}`],
  [ConfigurationError, 500],
  [DatasetNotFoundError, 400],
  [DatasetError, 500],
  [RunFailedError, 500],
  [TimeoutExceededError, 504],
];

/** Any failure as an HttpError: the caller's mistakes are 4xx, the deployment's and the run's 500. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  for (const [type, status, describe] of STATUS_OF) {
    if (err instanceof type) return new HttpError(status, describe ? describe(err.message) : err.message);
  }
  return new HttpError(500, normalizeError(err));
}

/** The caller's mistake (a 4xx): answered before any stream starts, never in-band. */
export function isCallerError(err: unknown): boolean {
  return toHttpError(err).status < 500;
}

export function errorResponse(err: HttpError): Response {
  return Response.json({ message: err.message }, { status: err.status });
}
