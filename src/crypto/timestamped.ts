/**
 * Signatures that cover a timestamp as well as the bytes: `sha256=<hex HMAC-SHA256 of
 * "<unix seconds>." + body>`. A receiver refuses a timestamp too far from its own clock, so
 * a captured request cannot be replayed later (the webhook's own signature, fixed by the
 * AgentMark protocol, has no such field).
 */
import { checkSignature, sign, type SignatureCheck } from "./signature";

const encoder = new TextEncoder();

function signedBytes(timestamp: string, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}

export interface TimestampedSignature {
  /** Unix seconds, as a decimal string. */
  timestamp: string;
  signature: string;
}

export async function signTimestamped(secret: string, body: string, nowMs = Date.now()): Promise<TimestampedSignature> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { timestamp, signature: await sign(secret, signedBytes(timestamp, encoder.encode(body))) };
}

export type TimestampedCheck = SignatureCheck | { ok: false; reason: "bad-timestamp" | "stale" };

export async function checkTimestamped(
  secrets: readonly string[],
  timestamp: string | null | undefined,
  signature: string | null | undefined,
  raw: ArrayBuffer,
  { nowMs = Date.now(), maxSkewSeconds }: { nowMs?: number; maxSkewSeconds: number },
): Promise<TimestampedCheck> {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "bad-timestamp" };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) return { ok: false, reason: "stale" };
  return checkSignature(secrets, signature, signedBytes(timestamp, new Uint8Array(raw)));
}
