/**
 * One loopback HTTP server hosting every fake, routed by path prefix:
 *   /slack/...      Slack incoming webhook
 *   /openai/v1/...  OpenAI-compatible API (added by the AI SDK runner)
 *   /anthropic/v1/... Anthropic Messages API (the Claude Agent SDK runner)
 *   /agentmark/...  AgentMark API (datasets, traces)
 *   /_control/...   test control plane: read what a fake received, reset, configure
 * Tests inside workerd reach it over real HTTP at `env.FAKES_ORIGIN`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export type FakeRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  state: FakeState,
) => boolean | Promise<boolean>;

export interface FakeState {
  requests: RecordedRequest[];
  /** Per-test switches, set through POST /_control/config. */
  config: Record<string, unknown>;
  /** Requests whose client went away before the fake finished answering. */
  aborted: string[];
  /** Requests no fake expected (`METHOD path`): a test that makes one should fail. */
  unexpected: string[];
}

const routes: FakeRoute[] = [];

/** Fakes register their routes at import time of this module's siblings. */
export function registerFakeRoute(route: FakeRoute): void {
  routes.push(route);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

/** Starts every fake on 127.0.0.1, on `port` (default: any free port). */
export async function startFakes(port = 0): Promise<{ origin: string; close: () => Promise<void> }> {
  await import("./slack");
  await import("./agentmark-api");
  await import("./slow-model");
  await import("./openai");
  await import("./anthropic");
  await import("./otlp");
  const state: FakeState = { requests: [], config: {}, aborted: [], unexpected: [] };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? "/";
    if (path.startsWith("/_control/")) {
      if (path === "/_control/requests") return json(res, 200, state.requests);
      if (path === "/_control/aborted") return json(res, 200, state.aborted);
      if (path === "/_control/unexpected") return json(res, 200, state.unexpected);
      if (path === "/_control/reset") {
        state.requests.length = 0;
        state.aborted.length = 0;
        state.unexpected.length = 0;
        state.config = {};
        return json(res, 200, { ok: true });
      }
      if (path === "/_control/config") {
        Object.assign(state.config, JSON.parse(body || "{}"));
        return json(res, 200, { ok: true });
      }
      return json(res, 404, { message: "unknown control path" });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    state.requests.push({ method: req.method ?? "GET", path, headers, body, at: Date.now() });
    for (const route of routes) {
      if (await route(req, res, body, state)) return;
    }
    state.unexpected.push(`${req.method} ${path}`);
    json(res, 404, { message: `no fake for ${req.method} ${path}` });
  });
  // A client that uses this server as its HTTPS proxy (HTTPS_PROXY) asks for a tunnel to
  // the real host: that is an outbound call no fake expected. Recorded, then refused.
  server.on("connect", (req, socket) => {
    socket.on("error", () => {});
    state.unexpected.push(`CONNECT ${req.url}`);
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: listening } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${listening}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
