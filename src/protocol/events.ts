/**
 * The four webhook jobs (spec §2) and their validation, in the platform's order and with
 * its messages (§2.2). Unknown `data` keys are ignored. Every failure is a 400.
 */
import { z } from "zod";
import { InvalidJobError } from "./errors";

export const WEBHOOK_JOB_TYPES = ["prompt-run", "dataset-run", "get-evals", "alert"] as const;
export type WebhookJobType = (typeof WEBHOOK_JOB_TYPES)[number];

const astSchema = z.record(z.string(), z.unknown());

/** Absent or `null` (Python senders write `None` as null): both mean "not given". */
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? undefined);
}

const promptRunData = z.object({
  ast: astSchema,
  customProps: z.unknown().optional(),
  promptPath: optional(z.string()),
  options: optional(z.object({ shouldStream: optional(z.boolean()) })),
});

const samplingSchema = z.record(z.string(), z.unknown());

const datasetRunData = z.object({
  ast: astSchema,
  experimentId: optional(z.string()),
  datasetPath: optional(z.string()),
  promptPath: optional(z.string()),
  experimentKey: optional(z.string()),
  sourceTreeHash: optional(z.string()),
  sampling: optional(samplingSchema),
  concurrency: optional(z.number()),
});

/** Lenient on purpose: the platform's alert payload is not published (spec §2.6); unknown fields are kept. */
const alertSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  metric: z.string().optional(),
  status: z.string().optional(),
  threshold: z.union([z.number(), z.string()]).nullish(),
  triggered_value: z.union([z.number(), z.string()]).nullish(),
  time_window: z.number().nullish(),
});

const alertData = z.object({ alert: alertSchema });

export interface PromptRunData {
  ast: Record<string, unknown>;
  customProps?: unknown;
  promptPath?: string;
  options?: { shouldStream?: boolean };
}

export interface DatasetRunData {
  ast: Record<string, unknown>;
  experimentId?: string;
  datasetPath?: string;
  promptPath?: string;
  experimentKey?: string;
  sourceTreeHash?: string;
  sampling?: Record<string, unknown>;
  concurrency?: number;
}
export type AlertPayload = z.infer<typeof alertSchema>;

export type WebhookJob =
  | { type: "prompt-run"; data: PromptRunData }
  | { type: "dataset-run"; data: DatasetRunData }
  | { type: "get-evals" }
  | { type: "alert"; data: { alert: AlertPayload } };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `data.${issue.path.join(".")}: ${issue.message}`)
    .join("; ");
}

function parseData<T>(schema: z.ZodType<unknown>, data: unknown, type: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new InvalidJobError(`Invalid ${type} data: ${describeIssues(parsed.error)}`);
  return parsed.data as T;
}

function checkAst(data: Record<string, unknown>): void {
  if (!data.ast) {
    throw new InvalidJobError("The request must include the prompt AST in data.ast (not data.prompt)");
  }
  if (typeof data.ast !== "object" || Array.isArray(data.ast)) {
    const kind = Array.isArray(data.ast) ? "array" : typeof data.ast;
    throw new InvalidJobError(`The AST must be an object, got ${kind}`);
  }
}

/** Parses the raw (already verified) body into a typed job, or throws an InvalidJobError (a 400). */
export function parseJob(rawBody: string): WebhookJob {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (err) {
    throw new InvalidJobError(`Invalid request body: ${(err as Error).message}`);
  }
  return validateJob(body);
}

/** Checks a job given as a value (not JSON text) with the same rules and messages as `parseJob`. */
export function validateJob(body: unknown): WebhookJob {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidJobError("Invalid request body: expected a JSON object");
  }
  const { type, data } = body as { type?: unknown; data?: unknown };
  if (!type) {
    throw new InvalidJobError('Request must include a "type" field at the top level: {"type": "prompt-run", "data": {...}}',
    );
  }
  if (type === "get-evals") return { type };
  if (typeof type !== "string" || !(WEBHOOK_JOB_TYPES as readonly string[]).includes(type)) {
    // JSON, not String(): an object whose own `toString` is not a function would throw (found by the fuzz suite).
    throw new InvalidJobError(
      `Expected event.type to be 'prompt-run', 'dataset-run', 'get-evals', or 'alert', got: ${(typeof type === "string" ? type : JSON.stringify(type)).slice(0, 100)}`,
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new InvalidJobError('Request must include a "data" object with the prompt AST and options');
  }
  const record = data as Record<string, unknown>;
  switch (type) {
    case "prompt-run":
      checkAst(record);
      return { type, data: parseData<PromptRunData>(promptRunData, record, type) };
    case "dataset-run":
      checkAst(record);
      return { type, data: parseData<DatasetRunData>(datasetRunData, record, type) };
    default:
      return { type: "alert", data: parseData<{ alert: AlertPayload }>(alertData, record, "alert") };
  }
}
