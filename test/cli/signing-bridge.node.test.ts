/**
 * The signing bridge against a target that checks signatures the way the Worker does
 * (`checkSignature` over the exact bytes): what it signs, what it streams, what it refuses.
 * The end-to-end path with wrangler dev and AgentMark's CLI is in agentmark-cli.node.test.ts.
 */
import { once } from "node:events";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSignature, SIGNATURE_HEADER } from "../../src/crypto";
import { startSigningBridge, type RunningBridge } from "../../scripts/lib/signing-bridge";
import { freePort } from "../../scripts/lib/worker-process";

const SECRET = "bridge-test-secret-0123456789abcdef";

interface Received {
  path: string;
  body: Buffer;
  signatureOk: boolean;
  headers: IncomingMessage["headers"];
}

/** A Worker stand-in: verifies, records, and for `{"stream":true}` streams lines on request. */
class Target {
  server!: Server;
  received: Received[] = [];
  /** Lines the test released for the open stream (null ends it); the stream waits for them. */
  private readonly queue: Array<string | null> = [];
  private wake?: () => void;
  private markClosedEarly = () => {};
  private markStreamStarted = () => {};
  /** The bridge closed the connection before the stream ended. */
  readonly closedEarly = new Promise<void>((resolve) => (this.markClosedEarly = resolve));
  readonly streamStarted = new Promise<void>((resolve) => (this.markStreamStarted = resolve));

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  push(line: string | null) {
    this.queue.push(line);
    this.wake?.();
  }

  private async nextLine(): Promise<string | null> {
    while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.queue.shift()!;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === "GET" && req.url === "/health") return void res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const check = await checkSignature([SECRET], req.headers[SIGNATURE_HEADER] as string | undefined, new Uint8Array(body));
    this.received.push({ path: req.url ?? "", body, signatureOk: check.ok, headers: req.headers });
    if (!check.ok) return void res.writeHead(401, { "content-type": "application/json" }).end('{"message":"Invalid signature"}');
    if (!body.toString().includes('"stream":true')) {
      return void res.writeHead(200, { "content-type": "application/json", "x-echo-bytes": String(body.length) }).end('{"ok":true}');
    }
    res.writeHead(200, { "content-type": "application/x-ndjson", "agentmark-streaming": "true", "content-encoding": "identity" });
    res.flushHeaders();
    res.on("close", () => {
      if (!res.writableFinished) this.markClosedEarly();
    });
    this.markStreamStarted();
    for (;;) {
      const line = await this.nextLine();
      if (line === null || res.destroyed) break;
      res.write(`${line}\n`);
    }
    res.end();
  }
}

/** A raw HTTP request, so Host and Origin can be anything. */
function rawPost(port: number, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("signing bridge", () => {
  const target = new Target();
  let secret: string | undefined = SECRET;
  const logged: string[] = [];
  let bridge: RunningBridge;
  let base: string;

  beforeAll(async () => {
    const targetUrl = await target.start();
    bridge = await startSigningBridge({
      target: targetUrl,
      port: 0,
      secret: () => secret,
      missingSecretHint: "put AGENTMARK_WEBHOOK_SECRET in .dev.vars",
      maxBodyBytes: 64 * 1024,
      log: (line) => logged.push(line),
    });
    base = `http://127.0.0.1:${bridge.port}`;
  });

  afterAll(async () => {
    await bridge.close();
    target.server.closeAllConnections();
    target.server.close();
  });

  it("listens on loopback only, on the port it was given", () => {
    expect(bridge.url).toBe(`http://localhost:${bridge.port}`);
  });

  it("signs the exact bytes the CLI sent and forwards them to the same path", async () => {
    const body = '{"type":"get-evals",  "odd":"spacing ✓"}';
    for (const path of ["/", "/execute"]) {
      const res = await fetch(`${base}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-echo-bytes")).toBe(String(Buffer.byteLength(body)));
      const seen = target.received.at(-1)!;
      expect(seen.path).toBe(path);
      expect(seen.signatureOk).toBe(true);
      expect(seen.body.toString()).toBe(body);
    }
  });

  it("replaces a signature the caller sent with its own", async () => {
    const res = await fetch(base, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", [SIGNATURE_HEADER]: `sha256=${"0".repeat(64)}` },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(target.received.at(-1)!.signatureOk).toBe(true);
  });

  it("streams each line as the Worker sends it, before the stream has ended", async () => {
    const res = await fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: '{"stream":true}' });
    expect(res.status).toBe(200);
    expect(res.headers.get("agentmark-streaming")).toBe("true");
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    // Each line is only produced after the previous one was read through the bridge.
    for (const line of ['{"type":"text","result":"one"}', '{"type":"text","result":"two"}']) {
      target.push(line);
      let text = "";
      while (!text.endsWith("\n")) text += decoder.decode((await reader.read()).value, { stream: true });
      expect(text).toBe(`${line}\n`);
    }
    target.push(null);
    expect((await reader.read()).done).toBe(true);
  });

  it("aborts the request to the Worker when the caller goes away", async () => {
    const fresh = new Target();
    const targetUrl = await fresh.start();
    const own = await startSigningBridge({ target: targetUrl, port: 0, secret: () => SECRET, log: (line) => logged.push(line) });
    try {
      const controller = new AbortController();
      const res = await fetch(`http://127.0.0.1:${own.port}/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"stream":true}',
        signal: controller.signal,
      });
      await fresh.streamStarted;
      fresh.push('{"type":"text","result":"first"}');
      const reader = res.body!.getReader();
      await reader.read();
      controller.abort();
      await fresh.closedEarly; // the Worker's side of the connection closed before its stream ended
      fresh.push(null);
    } finally {
      await own.close();
      fresh.server.closeAllConnections();
      fresh.server.close();
    }
  });

  it("reads the secret on every request and says what to do when there is none", async () => {
    secret = undefined;
    try {
      const res = await fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ message: "put AGENTMARK_WEBHOOK_SECRET in .dev.vars" });
    } finally {
      secret = SECRET;
    }
  });

  it("refuses what a web page or a tunnel could send: other Host names, an Origin, proxy headers, a non-JSON body", async () => {
    const before = target.received.length;
    const json = { "content-type": "application/json" };
    const cases: Array<[Record<string, string>, number, RegExp]> = [
      [{ ...json, host: "attacker.example:9417" }, 403, /only answers requests addressed to localhost/],
      [{ ...json, host: `localhost:${bridge.port}`, origin: "https://attacker.example" }, 403, /does not answer browsers/],
      [{ ...json, host: `localhost:${bridge.port}`, origin: "null" }, 403, /does not answer browsers/],
      [{ ...json, host: `localhost:${bridge.port}`, "x-forwarded-for": "203.0.113.9" }, 403, /came through a proxy or tunnel \(x-forwarded-for\)/],
      [{ ...json, host: `localhost:${bridge.port}`, "cf-connecting-ip": "203.0.113.9" }, 403, /proxy or tunnel \(cf-connecting-ip\)/],
      [{ "content-type": "text/plain", host: `127.0.0.1:${bridge.port}` }, 415, /only Content-Type: application\/json/],
      [{ "content-type": "application/x-www-form-urlencoded", host: `[::1]:${bridge.port}` }, 415, /application\/json/],
    ];
    for (const [headers, status, message] of cases) {
      const res = await rawPost(bridge.port, "/", headers, "{}");
      expect(res.status, JSON.stringify(headers)).toBe(status);
      expect(JSON.parse(res.body).message).toMatch(message);
    }
    expect(target.received.length).toBe(before); // none of them reached the Worker
  });

  it("forwards only the webhook paths and /health; bodies over the limit are refused", async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const other = await fetch(`${base}/admin`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { message: string }).message).toMatch(/forwards POST \/ and POST \/execute and GET \/health/);
    expect((await fetch(`${base}/`)).status).toBe(404);
    const big = await fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ pad: "x".repeat(70 * 1024) }) });
    expect(big.status).toBe(413);
  });

  it("answers 502 naming the Worker when nothing listens there", async () => {
    const nobody = await freePort();
    const closed = await startSigningBridge({ target: `http://127.0.0.1:${nobody}`, port: 0, secret: () => SECRET });
    try {
      const res = await fetch(`http://127.0.0.1:${closed.port}/`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(502);
      expect(((await res.json()) as { message: string }).message).toBe(
        `The local Worker at http://127.0.0.1:${nobody} is not answering (ECONNREFUSED). Is wrangler dev still starting? Wait for "Ready on …" in the npm run dev output.`,
      );
    } finally {
      await closed.close();
    }
  });

  it("fails to start with EADDRINUSE when the port is taken", async () => {
    await expect(startSigningBridge({ target: "http://127.0.0.1:8787", port: bridge.port, secret: () => SECRET })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
