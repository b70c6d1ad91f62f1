/**
 * The floor the project is compared with (shared/spec/perf-baselines.md C4n/C4w): Hono that
 * reads the raw body, verifies its HMAC-SHA256 signature with a cached WebCrypto key,
 * `JSON.parse`s it and answers a fixed JSON. Everything the webhook must do at the least,
 * and nothing else.
 */
import { Hono } from "hono";

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let key: Promise<CryptoKey> | undefined;

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function secretOf(bindings: unknown): string {
  const bound = (bindings as { AGENTMARK_WEBHOOK_SECRET?: unknown } | undefined)?.AGENTMARK_WEBHOOK_SECRET;
  if (typeof bound === "string") return bound;
  const fromProcess = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.AGENTMARK_WEBHOOK_SECRET;
  if (!fromProcess) throw new Error("AGENTMARK_WEBHOOK_SECRET is not set");
  return fromProcess;
}

export function verifyApp(): Hono {
  const app = new Hono();
  app.post("/", async (c) => {
    const match = SIGNATURE.exec(c.req.header("x-agentmark-signature-256") ?? "");
    if (!match) return c.json({ message: "Missing or malformed signature" }, 401);
    const raw = await c.req.arrayBuffer();
    key ??= crypto.subtle.importKey("raw", encoder.encode(secretOf(c.env)), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    if (!(await crypto.subtle.verify("HMAC", await key, fromHex(match[1]!), raw))) return c.json({ message: "Invalid signature" }, 401);
    const event = JSON.parse(decoder.decode(raw)) as { type?: string; data?: { ast?: unknown } };
    return c.json({ ok: true, type: event.type, hasAst: typeof event.data?.ast === "object" });
  });
  return app;
}
