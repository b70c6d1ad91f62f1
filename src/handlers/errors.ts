import { HttpError, normalizeError } from "../protocol/errors";

/** Any failure as an HttpError: prompt errors are the caller's (400), the rest execution failures (500). */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof Error && err.name === "PromptError") return new HttpError(400, err.message);
  return new HttpError(500, normalizeError(err));
}

export function errorResponse(err: HttpError): Response {
  return Response.json({ message: err.message }, { status: err.status });
}
