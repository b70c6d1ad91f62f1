const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

/** Lower-case hex of the bytes. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (const byte of view) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** The 32 bytes of a 64-character hex SHA-256 digest (either case), or null when it is not one. */
export function digestFromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!HEX_DIGEST.test(hex)) return null;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
