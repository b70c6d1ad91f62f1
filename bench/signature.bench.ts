/** Verifying `x-agentmark-signature-256` over a 50 KB body with the cached key. Target: < 0.1 ms median. */
import { test } from "vitest";
import { checkSignature, sign } from "../src/crypto";
import { report } from "./report";

test("signature over a 50 KB body", async ({ bench }) => {
  const secret = "bench-secret-0123456789abcdef";
  const body = new TextEncoder().encode(JSON.stringify({ type: "prompt-run", data: { pad: "x".repeat(50 * 1024 - 40) } }));
  const header = await sign(secret, body);
  if (!(await checkSignature([secret], header, body)).ok) throw new Error("bench setup: signature does not verify");
  const result = await bench("checkSignature, 50 KB, cached CryptoKey", async () => {
    await checkSignature([secret], header, body);
  }).run({ time: 2000, warmupTime: 300 });
  report(result, 0.1);
});
