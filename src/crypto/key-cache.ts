/**
 * One imported HMAC-SHA256 `CryptoKey` per secret, reused across requests of an isolate:
 * importing a key costs more than verifying a small body.
 */
const keys = new Map<string, Promise<CryptoKey>>();
/** Current + rotated-out secrets are a handful; old ones fall out instead of staying in memory. */
const MAX_KEYS = 8;
const encoder = new TextEncoder();

export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    keys.set(secret, key);
  }
  return key;
}
