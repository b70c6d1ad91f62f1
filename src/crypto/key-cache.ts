/**
 * One imported HMAC-SHA256 `CryptoKey` per secret, reused across requests of an isolate:
 * importing a key costs more than verifying a small body.
 */
const keys = new Map<string, Promise<CryptoKey>>();
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
    keys.set(secret, key);
  }
  return key;
}
