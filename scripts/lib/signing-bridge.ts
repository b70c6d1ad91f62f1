/**
 * The loopback signing bridge that lets AgentMark's own CLI talk to the local Worker.
 *
 * `agentmark run-prompt` / `run-experiment` post unsigned jobs (Content-Type:
 * application/json, no signature) to http://localhost:9417. The bridge signs each body with
 * the local webhook secret, forwards it to the Worker, and streams the answer back as it
 * arrives; when the CLI goes away, the request to the Worker is aborted, so the run stops.
 *
 * Development only, and kept that way: it listens on 127.0.0.1 only; it answers only when
 * the Host header names a loopback address (a DNS-rebinding page cannot use it, and neither
 * can a tunnel that passes its public host name through); it refuses requests carrying the
 * headers proxies and tunnels add (X-Forwarded-For, CF-Connecting-IP, …), any Origin header
 * and any body that is not `application/json` (what a web page could send cross-site without
 * a preflight); it forwards only to the Worker URL it was started with. The Worker is not
 * changed in any way: it still verifies every signature.
 */
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { relayStream } from "../../src/core/relay-stream";
import { sign, SIGNATURE_HEADER } from "../../src/crypto";

/** The AgentMark CLI's default server is http://localhost:9417. */
export const DEFAULT_BRIDGE_PORT = 9417;
const WEBHOOK_PATHS = ["/", "/execute"];
const LOOPBACK_HOSTNAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** Headers a tunnel or proxy adds: their presence means the request did not come from this machine. */
const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip", "cf-connecting-ip"];
/** Hop-by-hop headers, and the ones `fetch` invalidated by decoding the body. */
const DROPPED_RESPONSE_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);

export interface BridgeOptions {
  /** The Worker's origin, e.g. http://127.0.0.1:8787. */
  target: string;
  /** 0 picks a free port. Default 9417. */
  port?: number;
  /** Read on every request, so an edited .dev.vars takes effect without a restart. */
  secret: () => string | undefined;
  /** What to tell the caller when there is no secret to sign with. */
  missingSecretHint?: string;
  /** Largest body forwarded (default 10 MiB, the Worker's default limit). */
  maxBodyBytes?: number;
  /** One line per refused or failed request. */
  log?: (line: string) => void;
}

export interface RunningBridge {
  url: string;
  port: number;
  close: () => Promise<void>;
}

function refuse(c: Context, status: 403 | 404 | 413 | 415 | 500 | 502, message: string, log?: (line: string) => void) {
  log?.(`[bridge] ${c.req.method} ${c.req.path} → ${status}: ${message}`);
  return c.json({ message }, status);
}

function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  try {
    return LOOPBACK_HOSTNAMES.has(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";
}

function forwardedHeaders(upstream: Headers): Headers {
  const headers = new Headers();
  upstream.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) headers.append(name, value);
  });
  return headers;
}

/**
 * The Worker's body as it arrives. When the caller goes away, the request to the Worker is
 * aborted and its body errors: end quietly then (the abort is the intended outcome).
 */
function passThrough(body: ReadableStream<Uint8Array>, signal: AbortSignal, onAbort: () => void): ReadableStream<Uint8Array> {
  return relayStream(body, () => {
    if (!signal.aborted) return "error";
    onAbort();
    return "close";
  });
}

function unreachable(target: string, err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (err as Error).message;
  return `The local Worker at ${target} is not answering (${why}). Is wrangler dev still starting? Wait for "Ready on …" in the npm run dev output.`;
}

export function createBridgeApp(options: BridgeOptions): Hono {
  const target = options.target.replace(/\/+$/, "");
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const log = options.log;
  const app = new Hono();

  app.use("*", async (c, next) => {
    if (!isLoopbackHost(c.req.header("host"))) {
      return refuse(c, 403, "The signing bridge only answers requests addressed to localhost or 127.0.0.1.", log);
    }
    if (c.req.header("origin") !== undefined) {
      return refuse(c, 403, "The signing bridge does not answer browsers (the request has an Origin header).", log);
    }
    const proxied = PROXY_HEADERS.find((name) => c.req.header(name) !== undefined);
    if (proxied) {
      return refuse(c, 403, `The signing bridge does not answer requests that came through a proxy or tunnel (${proxied}). Point tunnels at the Worker, which verifies signatures.`, log);
    }
    await next();
  });

  app.get("/health", async (c) => {
    try {
      const res = await fetch(`${target}/health`, { signal: c.req.raw.signal });
      return new Response(res.body, { status: res.status, headers: forwardedHeaders(res.headers) });
    } catch (err) {
      return refuse(c, 502, unreachable(target, err), log);
    }
  });

  const limit = bodyLimit({ maxSize: maxBodyBytes, onError: (c) => refuse(c, 413, `Request body too large for the signing bridge (limit ${maxBodyBytes} bytes).`, log) });
  for (const path of WEBHOOK_PATHS) {
    app.post(path, limit, async (c) => {
      if (!isJson(c.req.header("content-type"))) {
        return refuse(c, 415, "The signing bridge forwards only Content-Type: application/json bodies.", log);
      }
      const secret = options.secret();
      if (!secret) return refuse(c, 500, options.missingSecretHint ?? "The signing bridge has no webhook secret to sign with.", log);
      const body = new Uint8Array(await c.req.arrayBuffer());
      const signature = await sign(secret, body);
      let upstream: Response;
      try {
        upstream = await fetch(`${target}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature },
          body,
          signal: c.req.raw.signal,
        });
      } catch (err) {
        if (c.req.raw.signal.aborted) return new Response(null, { status: 499 }); // nobody is listening
        return refuse(c, 502, unreachable(target, err), log);
      }
      const cancelled = () => log?.(`[bridge] POST ${path}: the client went away; the request to the Worker was aborted`);
      const answer = upstream.body ? passThrough(upstream.body, c.req.raw.signal, cancelled) : null;
      return new Response(answer, { status: upstream.status, headers: forwardedHeaders(upstream.headers) });
    });
  }

  app.notFound((c) => refuse(c, 404, `The signing bridge forwards POST ${WEBHOOK_PATHS.join(" and POST ")} and GET /health, not ${c.req.method} ${c.req.path}.`, log));
  return app;
}

/** Starts the bridge on 127.0.0.1; rejects (e.g. EADDRINUSE) if it cannot listen. */
export async function startSigningBridge(options: BridgeOptions): Promise<RunningBridge> {
  const app = createBridgeApp(options);
  const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_BRIDGE_PORT, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
