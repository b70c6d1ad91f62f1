import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("runs inside workerd", async () => {
  const res = await exports.default.fetch("http://x/");
  expect(await res.text()).toBe("hi");
  const fake = await fetch(`${(env as unknown as { FAKES_ORIGIN: string }).FAKES_ORIGIN}/slack/x`, { method: "POST" });
  expect(fake.status).toBe(200);
});
