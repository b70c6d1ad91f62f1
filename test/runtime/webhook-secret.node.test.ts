/** Which webhook secrets are refused, which are weak, and that .dev.vars.example's placeholder is refused. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MIN_SECRET_LENGTH, webhookSecretStatus } from "../../src/runtime/webhook-secret";

const LONG = "9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c";

describe("webhookSecretStatus", () => {
  it("refuses .dev.vars.example's placeholder: a newcomer who copies the file unchanged is told to set a secret", () => {
    const placeholder = /^AGENTMARK_WEBHOOK_SECRET=(.+)$/m.exec(readFileSync(".dev.vars.example", "utf8"))?.[1];
    expect(placeholder).toBeDefined();
    expect(webhookSecretStatus({ AGENTMARK_WEBHOOK_SECRET: placeholder })).toMatchObject({ state: "refused" });
  });

  it.each([
    [{}, "missing"],
    [{ AGENTMARK_WEBHOOK_SECRET: "  " }, "missing"],
    [{ AGENTMARK_WEBHOOK_SECRET: "DEFAULT" }, "refused"],
    [{ AGENTMARK_WEBHOOK_SECRET: LONG, AGENTMARK_WEBHOOK_SECRET_PREVIOUS: `old-but-long-enough-0123456789abc, DEFAULT` }, "refused"],
    [{ AGENTMARK_WEBHOOK_SECRET: LONG.slice(0, MIN_SECRET_LENGTH - 1) }, "weak"],
    [{ AGENTMARK_WEBHOOK_SECRET: LONG, AGENTMARK_WEBHOOK_SECRET_PREVIOUS: "short-old" }, "weak"],
    [{ AGENTMARK_WEBHOOK_SECRET: LONG }, "configured"],
    [{ AGENTMARK_WEBHOOK_SECRET: ` ${LONG} ` }, "configured"],
  ])("%j → %s", (env, state) => {
    const status = webhookSecretStatus(env as Record<string, string>);
    expect(status.state).toBe(state);
    if (state === "configured") expect(status.message).toBeUndefined();
    else expect(status.message).toMatch(/AGENTMARK_WEBHOOK_SECRET/);
    for (const value of Object.values(env)) if (value.trim().length > 8) expect(status.message ?? "").not.toContain(value.trim());
  });
});
