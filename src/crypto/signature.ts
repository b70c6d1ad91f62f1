/**
 * AgentMark webhook signatures: header `x-agentmark-signature-256: sha256=<hex>`, the
 * HMAC-SHA256 of the exact request bytes keyed by the UTF-8 bytes of the secret.
 * Strict by design: the exact `sha256=` prefix, exactly 64 hex digits, a constant-time
 * comparison (`crypto.subtle.verify`), and no fallback key when the secret is empty.
 */
import { digestFromHex, toHex } from "./hex";
import { hmacKey } from "./key-cache";

export const SIGNATURE_HEADER = "x-agentmark-signature-256";
const PREFIX = "sha256=";
const encoder = new TextEncoder();

export type Payload = string | ArrayBuffer | Uint8Array<ArrayBuffer>;

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "malformed" | "mismatch" };

function toBytes(payload: Payload): Uint8Array<ArrayBuffer> | ArrayBuffer {
  return typeof payload === "string" ? encoder.encode(payload) : payload;
}

/** `sha256=<64 lower-case hex>` for the payload. */
export async function sign(secret: string, payload: Payload): Promise<string> {
  if (!secret) throw new Error("A non-empty secret is required to sign");
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), toBytes(payload));
  return PREFIX + toHex(mac);
}

/** Checks a header against one or more accepted secrets (current first, then rotated ones). */
export async function checkSignature(
  secrets: readonly string[],
  header: string | null | undefined,
  payload: Payload,
): Promise<SignatureCheck> {
  if (header === null || header === undefined || header === "") return { ok: false, reason: "missing" };
  if (!header.startsWith(PREFIX)) return { ok: false, reason: "malformed" };
  const digest = digestFromHex(header.slice(PREFIX.length));
  if (!digest) return { ok: false, reason: "malformed" };
  const data = toBytes(payload);
  for (const secret of secrets) {
    if (!secret) continue;
    if (await crypto.subtle.verify("HMAC", await hmacKey(secret), digest, data)) return { ok: true };
  }
  return { ok: false, reason: "mismatch" };
}

/**
 * Shaped like AgentMark's documented helper: true when `header` is a valid signature of
 * `payload` under `secret`. Never throws; an empty secret or a malformed header is false.
 */
export async function verifySignature(
  secret: string,
  header: string | null | undefined,
  payload: Payload,
): Promise<boolean> {
  try {
    if (typeof secret !== "string" || secret === "") return false;
    return (await checkSignature([secret], header, payload)).ok;
  } catch {
    return false;
  }
}
