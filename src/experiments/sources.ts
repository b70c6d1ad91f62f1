/**
 * Where a dataset path is read from, in this order:
 *   1. datasets bundled with the Worker (`datasets` in src/agentmark.config.ts);
 *   2. an R2 bucket, when the Worker has the binding named by DATASETS_R2_BINDING (default
 *      `DATASETS`) — the object key is the dataset path;
 *   3. the AgentMark API (`GET {AGENTMARK_BASE_URL}/v1/templates?path=…`), when
 *      AGENTMARK_API_KEY or AGENTMARK_BASE_URL is set.
 * No source → a clear error; nothing is fetched unless a source is configured.
 */
import { DatasetError, textStream } from "./rows";
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
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: ctx.signal });
  } catch (err) {
    throw new DatasetError(`Could not reach the AgentMark API at ${base} for dataset ${path}: ${(err as Error).message}`);
  }
  if (!res.ok || !res.body) {
    const detail = await textPrefix(res, 200);
    throw new DatasetError(`The AgentMark API answered ${res.status} for dataset ${path}${detail ? `: ${detail}` : ""}`);
  }
  return res.body;
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
    const object = await bucket.get(path);
    if (!object) throw new DatasetError(`Dataset ${path} was not found in the R2 bucket bound as ${bindingName}`);
    return { source: "r2", body: object.body };
  }

  if (ctx.env.AGENTMARK_API_KEY?.trim() || ctx.env.AGENTMARK_BASE_URL?.trim()) {
    return { source: "api", body: await fromApi(path, ctx) };
  }

  const known = Object.keys(ctx.bundled);
  throw new DatasetError(
    `No source for dataset ${path}: it is not bundled (bundled: ${known.length ? known.join(", ") : "none"}; add it to datasets in src/agentmark.config.ts), no R2 bucket is bound as ${bindingName}, and neither AGENTMARK_API_KEY nor AGENTMARK_BASE_URL is set.`,
  );
}
