/**
 * Where spans go, read from the request's environment (spec §8.1). The rule, in order:
 * 1. `AGENTMARK_TRACING=off` (or `false`, `0`): tracing off.
 * 2. AgentMark: `AGENTMARK_API_KEY` set → `{AGENTMARK_BASE_URL or https://api.agentmark.co}/v1/traces`
 *    with `Authorization: <key>` (raw, as the platform expects) and `X-Agentmark-App-Id` when
 *    `AGENTMARK_APP_ID` is set. Without a key, only an `AGENTMARK_BASE_URL` on loopback
 *    (`agentmark dev`'s local API, e.g. http://localhost:9418) turns export on: a remote base URL
 *    alone only serves the experiments' datasets and never receives keyless traces.
 * 3. Any OTLP/HTTP collector: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is) or
 *    `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`), with `OTEL_EXPORTER_OTLP_HEADERS` /
 *    `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (`k=v,k2=v2`, values URL-decoded).
 * 4. Otherwise tracing is off: no spans, and no traceId on the wire.
 * A value that is not an http(s) URL also leaves tracing off (an exporter problem must never
 * break a run).
 */
import type { EnvVars } from "../core/env";
import type { TraceMasking } from "./masking";

export const DEFAULT_AGENTMARK_BASE_URL = "https://api.agentmark.co";

export interface TelemetrySettings {
  /** Full OTLP/HTTP traces URL. */
  endpoint: string;
  headers: Readonly<Record<string, string>>;
  /** `AGENTMARK_APP_ID`, stamped on the resource as `agentmark.app_id`. */
  appId?: string;
  target: "agentmark" | "otlp";
  /** AGENTMARK_HIDE_INPUTS / AGENTMARK_HIDE_OUTPUTS: attributes replaced by "[hidden]" at export. */
  masking: TraceMasking;
}

const OFF = new Set(["off", "false", "0", "no", "disabled"]);

function value(env: EnvVars, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function httpUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function tracesUrl(base: URL): string {
  return `${base.href.replace(/\/+$/, "")}/v1/traces`;
}

/** `OTEL_EXPORTER_OTLP_HEADERS` syntax (W3C baggage-like): `k=v,k2=v2`, values percent-decoded. */
export function parseOtlpHeaders(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (raw ?? "").split(",")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    let val = pair.slice(eq + 1).trim();
    try {
      val = decodeURIComponent(val);
    } catch {
      // keep the raw value
    }
    if (key) headers[key] = val;
  }
  return headers;
}

function agentmarkSettings(env: EnvVars): TelemetrySettings | undefined {
  const apiKey = value(env, "AGENTMARK_API_KEY");
  const rawBase = value(env, "AGENTMARK_BASE_URL");
  const appId = value(env, "AGENTMARK_APP_ID");
  const base = httpUrl(rawBase ?? DEFAULT_AGENTMARK_BASE_URL);
  if (!base) return undefined;
  if (!apiKey && !(rawBase && isLoopback(base))) return undefined;
  const headers: Record<string, string> = {};
  if (apiKey) headers.Authorization = apiKey;
  if (appId) headers["X-Agentmark-App-Id"] = appId;
  return { endpoint: tracesUrl(base), headers, ...(appId ? { appId } : {}), target: "agentmark", masking: maskingOf(env) };
}

function otlpSettings(env: EnvVars): TelemetrySettings | undefined {
  const tracesEndpoint = value(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  const endpoint = value(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
  let url: string | undefined;
  if (tracesEndpoint) url = httpUrl(tracesEndpoint)?.href;
  else if (endpoint) {
    const base = httpUrl(endpoint);
    url = base ? tracesUrl(base) : undefined;
  }
  if (!url) return undefined;
  const headers = {
    ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
  };
  const appId = value(env, "AGENTMARK_APP_ID");
  return { endpoint: url, headers, ...(appId ? { appId } : {}), target: "otlp", masking: maskingOf(env) };
}

const ON = new Set(["1", "true", "yes", "on"]);

function maskingOf(env: EnvVars): TraceMasking {
  const flag = (name: string) => ON.has((value(env, name) ?? "").toLowerCase());
  return { inputs: flag("AGENTMARK_HIDE_INPUTS"), outputs: flag("AGENTMARK_HIDE_OUTPUTS") };
}

const SETTING_NAMES = [
  "AGENTMARK_TRACING",
  "AGENTMARK_API_KEY",
  "AGENTMARK_BASE_URL",
  "AGENTMARK_APP_ID",
  "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_HEADERS",
  "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
  "AGENTMARK_HIDE_INPUTS",
  "AGENTMARK_HIDE_OUTPUTS",
] as const;
const MAX_CACHED = 16;
/** Settings by the raw values they were derived from: parsing URLs and headers once, not per request. */
const cache = new Map<string, TelemetrySettings | undefined>();

function resolve(env: EnvVars): TelemetrySettings | undefined {
  const switchValue = value(env, "AGENTMARK_TRACING");
  if (switchValue && OFF.has(switchValue.toLowerCase())) return undefined;
  return agentmarkSettings(env) ?? otlpSettings(env);
}

/**
 * By environment object: a deployment's env view (src/runtime/deployment.ts) is the same object
 * for all its requests, so they skip even reading the values.
 */
const byEnv = new WeakMap<EnvVars, TelemetrySettings | null>();

export function readTelemetrySettings(env: EnvVars): TelemetrySettings | undefined {
  const known = byEnv.get(env);
  if (known !== undefined) return known ?? undefined;
  const key = JSON.stringify(SETTING_NAMES.map((name) => env[name] ?? null));
  let settings: TelemetrySettings | undefined;
  if (cache.has(key)) settings = cache.get(key);
  else {
    settings = resolve(env);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, settings);
  }
  byEnv.set(env, settings ?? null);
  return settings;
}
