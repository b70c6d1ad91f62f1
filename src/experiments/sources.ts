/**
 * Where a dataset path is read from, in this order:
 *   1. datasets bundled with the Worker (`datasets` in src/agentmark.config.ts);
 *   2. an R2 bucket, when the Worker has the binding named by DATASETS_R2_BINDING (default
 *      `DATASETS`) — the object key is the dataset path;
 *   3. the AgentMark API (`GET {AGENTMARK_BASE_URL}/v1/templates?path=…`), when
 *      AGENTMARK_API_KEY or AGENTMARK_BASE_URL is set.
 * No source → a clear error; nothing is fetched unless a source is configured.
 * A dataset that is not where the deployment looks (no source has it, R2 has no such key,
 * the API answers 404) is a `DatasetNotFoundError`: a 400 that says where it looked. A source
 * that does not answer within `limits.timeouts.datasetReadMs` ends the run with a timeout error.
 */
import { TimeoutExceededError } from "../core/limits";
import { urlWithoutCredentials } from "../core/secret-values";
import { DatasetError, DatasetNotFoundError, textStream } from "./rows";
import type { EnvVars } from "../core/env";

export const DEFAULT_AGENTMARK_BASE_URL = "https://api.agentmark.co";
const DEFAULT_R2_BINDING = "DATASETS";

export interface DatasetSourceContext {
  /** Datasets bundled into the Worker: path → JSONL text. */
  bundled: Readonly<Record<string, string>>;
  env: EnvVars;
  /** The runtime's raw bindings (Workers), for the R2 bucket. */
  bindings: unknown;
  signal: AbortSignal;
  /** `limits.timeouts.datasetReadMs`: how long a source may take to answer. */
  readTimeoutMs: number;
}

interface R2BucketLike {
  get(key: string): Promise<{ body: ReadableStream<Uint8Array> } | null>;
}

export interface OpenedDataset {
  source: "bundled" | "r2" | "api";
  body: ReadableStream<Uint8Array>;
}

function r2Bucket(bindings: unknown, name: string): R2BucketLike | undefined {
  if (typeof bindings !== "object" || bindings === null) return undefined;
  const candidate = (bindings as Record<string, unknown>)[name];
  return typeof candidate === "object" && candidate !== null && typeof (candidate as R2BucketLike).get === "function"
    ? (candidate as R2BucketLike)
    : undefined;
}

async function fromApi(path: string, ctx: DatasetSourceContext): Promise<ReadableStream<Uint8Array>> {
  const base = (ctx.env.AGENTMARK_BASE_URL?.trim() || DEFAULT_AGENTMARK_BASE_URL).replace(/\/+$/, "");
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/x-ndjson" };
  const apiKey = ctx.env.AGENTMARK_API_KEY?.trim();
  const appId = ctx.env.AGENTMARK_APP_ID?.trim();
  if (apiKey) headers.Authorization = apiKey;
  if (appId) headers["X-Agentmark-App-Id"] = appId;
  const url = `${base}/v1/templates?path=${encodeURIComponent(path)}`;
  const shown = urlWithoutCredentials(base);
  // Until the API answers: a timeout of its own (the body's lines have theirs, in rows.ts), and the caller's signal throughout.
  const answered = new AbortController();
  const timer = setTimeout(
    () => answered.abort(new TimeoutExceededError(`The AgentMark API at ${shown} did not answer within ${ctx.readTimeoutMs} ms for dataset ${path}`, "limits.timeouts.datasetReadMs")),
    ctx.readTimeoutMs,
  );
  const unanswered = anySignalOf(ctx.signal, answered.signal);
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: unanswered.signal });
  } catch (err) {
    if (answered.signal.reason instanceof TimeoutExceededError) throw answered.signal.reason;
    throw new DatasetError(`Could not reach the AgentMark API at ${shown} for dataset ${path}: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
    unanswered.detach();
  }
  if (res.status === 404) {
    await res.body?.cancel().catch(() => undefined);
    throw new DatasetNotFoundError(`Dataset ${path} was not found: the AgentMark API at ${shown} answered 404.`);
  }
  if (!res.ok || !res.body) {
    const detail = await textPrefix(res, 200);
    throw new DatasetError(`The AgentMark API answered ${res.status} for dataset ${path}${detail ? `: ${detail}` : ""}`);
  }
  return res.body;
}

/**
 * A signal that follows `caller` and `own` until detached: after `detach()` only the caller's
 * abort reaches it (the response body keeps following the caller, not the answer timeout).
 */
function anySignalOf(caller: AbortSignal, own: AbortSignal): { signal: AbortSignal; detach(): void } {
  const controller = new AbortController();
  const follow = (source: AbortSignal) => () => controller.abort(source.reason);
  const onCaller = follow(caller);
  const onOwn = follow(own);
  if (caller.aborted) onCaller();
  else if (own.aborted) onOwn();
  caller.addEventListener("abort", onCaller, { once: true });
  own.addEventListener("abort", onOwn, { once: true });
  return {
    signal: controller.signal,
    detach: () => own.removeEventListener("abort", onOwn),
  };
}

async function withTimeout<T>(pending: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutExceededError(message, "limits.timeouts.datasetReadMs")), ms);
  });
  try {
    return await Promise.race([pending, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** At most `max` characters of a body, without reading the rest of it. */
async function textPrefix(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // a broken error body: keep what was read
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, max);
}

export async function openDataset(path: string, ctx: DatasetSourceContext): Promise<OpenedDataset> {
  if (Object.hasOwn(ctx.bundled, path)) return { source: "bundled", body: textStream(ctx.bundled[path]!) };

  const bindingName = ctx.env.DATASETS_R2_BINDING?.trim() || DEFAULT_R2_BINDING;
  const bucket = r2Bucket(ctx.bindings, bindingName);
  if (bucket) {
    const object = await withTimeout(bucket.get(path), ctx.readTimeoutMs, `The R2 bucket bound as ${bindingName} did not answer within ${ctx.readTimeoutMs} ms for dataset ${path}`);
    if (!object) throw new DatasetNotFoundError(`Dataset ${path} was not found in the R2 bucket bound as ${bindingName}.`);
    return { source: "r2", body: object.body };
  }

  if (ctx.env.AGENTMARK_API_KEY?.trim() || ctx.env.AGENTMARK_BASE_URL?.trim()) {
    return { source: "api", body: await fromApi(path, ctx) };
  }

  const known = Object.keys(ctx.bundled);
  throw new DatasetNotFoundError(
    `No source for dataset ${path}: it is not bundled (bundled: ${known.length ? known.join(", ") : "none"}; add it to datasets in src/agentmark.config.ts), no R2 bucket is bound as ${bindingName}, and neither AGENTMARK_API_KEY nor AGENTMARK_BASE_URL is set.`,
  );
}
