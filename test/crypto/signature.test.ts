import { describe, expect, it } from "vitest";
import { checkSignature, sign, verifySignature } from "../../src/crypto";

// Vectors of spec §3.1 (computed there with Python's hmac).
const VECTOR_JSON = '{"type":"prompt-run","data":{"ast":{"type":"root","children":[]},"options":{"shouldStream":true}}}';

describe("sign", () => {
  it("matches the reference vectors", async () => {
    expect(await sign("topsecret", "the-payload")).toBe(
      "sha256=e2318c8346c48ec01fc9925c1c85c623a7912dc342ac7f3284367d6226c20ab2",
    );
    expect(await sign("topsecret", VECTOR_JSON)).toBe(
      "sha256=5c749f70cd6236c7072e10f8eed54221c2c2fd6ae4e91b5c5d1a96a36b597390",
    );
  });

  it("refuses an empty secret instead of using a default key", async () => {
    await expect(sign("", VECTOR_JSON)).rejects.toThrow(/non-empty secret/);
  });
});

describe("checkSignature", () => {
  const secret = "topsecret";
  const valid = "sha256=5c749f70cd6236c7072e10f8eed54221c2c2fd6ae4e91b5c5d1a96a36b597390";

  it("accepts a valid signature over the exact bytes", async () => {
    expect(await checkSignature([secret], valid, VECTOR_JSON)).toEqual({ ok: true });
    expect(await checkSignature([secret], valid, new TextEncoder().encode(VECTOR_JSON))).toEqual({ ok: true });
  });

  it("accepts upper-case hex", async () => {
    expect(await checkSignature([secret], `sha256=${valid.slice(7).toUpperCase()}`, VECTOR_JSON)).toEqual({ ok: true });
  });

  it("rejects a tampered body and a wrong secret as a mismatch", async () => {
    expect(await checkSignature([secret], valid, VECTOR_JSON.replace("true", "false"))).toEqual({ ok: false, reason: "mismatch" });
    expect(await checkSignature(["other"], valid, VECTOR_JSON)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("accepts a rotated-out secret listed after the current one", async () => {
    expect(await checkSignature(["new-secret", secret], valid, VECTOR_JSON)).toEqual({ ok: true });
  });

  it("reports a missing header", async () => {
    for (const header of [null, undefined, ""]) {
      expect(await checkSignature([secret], header, VECTOR_JSON)).toEqual({ ok: false, reason: "missing" });
    }
  });

  it.each([
    ["md5= prefix", `md5=${valid.slice(7)}`],
    ["upper-case prefix", `SHA256=${valid.slice(7)}`],
    ["odd length", valid.slice(0, -1)],
    ["too long", `${valid}0`],
    ["non-hex digit", `${valid.slice(0, -1)}g`],
    ["characters next to the hex ranges", `${valid.slice(0, -4)}:@\`G`],
    ["a non-ASCII digit", `${valid.slice(0, -1)}\u0661`],
    ["trailing junk after another =", `${valid}=junk`],
    ["no prefix at all", valid.slice(7)],
    ["whitespace", ` ${valid}`],
  ])("rejects a malformed header: %s", async (_name, header) => {
    expect(await checkSignature([secret], header, VECTOR_JSON)).toEqual({ ok: false, reason: "malformed" });
  });

  it("verifies the raw bytes, not a re-serialisation of the JSON", async () => {
    const raw = '{ "data": {"b":1,"10":2},\n  "type": "get-evals" }';
    const header = await sign(secret, raw);
    expect(await checkSignature([secret], header, raw)).toEqual({ ok: true });
    expect(JSON.stringify(JSON.parse(raw))).not.toBe(raw);
    expect(await checkSignature([secret], header, JSON.stringify(JSON.parse(raw)))).toEqual({ ok: false, reason: "mismatch" });
  });
});

describe("verifySignature (the platform-shaped helper)", () => {
  it("returns true for a valid signature and false otherwise, never throwing", async () => {
    const header = await sign("topsecret", VECTOR_JSON);
    expect(await verifySignature("topsecret", header, VECTOR_JSON)).toBe(true);
    expect(await verifySignature("topsecret", header, `${VECTOR_JSON} `)).toBe(false);
    expect(await verifySignature("", header, VECTOR_JSON)).toBe(false);
    expect(await verifySignature("topsecret", "garbage", VECTOR_JSON)).toBe(false);
    expect(await verifySignature("topsecret", "sha256", VECTOR_JSON)).toBe(false);
    expect(await verifySignature("topsecret", undefined, VECTOR_JSON)).toBe(false);
    expect(await verifySignature(undefined as unknown as string, header, VECTOR_JSON)).toBe(false);
  });

  it("never accepts the reference's DEFAULT-key signature for an empty secret", async () => {
    const defaultKeySignature = "sha256=046c5984ceac8a15d1f70fef9545f2fd858327b1b26af78ff20fad94770c31e9";
    expect(await verifySignature("", defaultKeySignature, VECTOR_JSON)).toBe(false);
    expect(await sign("DEFAULT", VECTOR_JSON)).toBe(defaultKeySignature); // the vector is right; we just refuse it
  });
});
