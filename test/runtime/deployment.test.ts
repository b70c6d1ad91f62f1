/**
 * What a request takes from its deployment's environment is derived once per environment:
 * per bindings object when the bindings carry settings (a Worker's env), once per process when
 * they carry none (@hono/node-server's `{ incoming, outgoing }`, Bun, Deno).
 */
import { describe, expect, it } from "vitest";
import { deploymentFor } from "../../src/runtime/deployment";
import { createRedactor } from "../../src/runtime/log";

describe("deploymentFor", () => {
  it("derives once per bindings object that carries settings", () => {
    const bindings = { AGENTMARK_WEBHOOK_SECRET: "s3cret-value", AGENTMARK_MAX_BODY_BYTES: "2048" };
    const first = deploymentFor(bindings);
    expect(deploymentFor(bindings)).toBe(first);
    expect(first.settings().maxBodyBytes).toBe(2048);
    expect(first.env.AGENTMARK_WEBHOOK_SECRET).toBe("s3cret-value");
    const other = deploymentFor({ ...bindings, AGENTMARK_MAX_BODY_BYTES: "4096" });
    expect(other).not.toBe(first);
    expect(other.settings().maxBodyBytes).toBe(4096);
  });

  it("shares one per process when the bindings carry no values (runtime objects only)", () => {
    const a = deploymentFor({ incoming: {}, outgoing: {} });
    const b = deploymentFor({ incoming: {}, outgoing: {} });
    expect(b).toBe(a);
    expect(deploymentFor(undefined)).toBe(a);
  });

  it("keeps refusing an invalid setting on every request, not only the first", () => {
    const bindings = { AGENTMARK_WEBHOOK_SECRET: "s3cret-value", AGENTMARK_MAX_BODY_BYTES: "ten" };
    expect(() => deploymentFor(bindings).settings()).toThrow(/AGENTMARK_MAX_BODY_BYTES/);
    expect(() => deploymentFor(bindings).settings()).toThrow(/AGENTMARK_MAX_BODY_BYTES/);
  });

  it("redacts the deployment's secret values from what it logs", () => {
    const redact = deploymentFor({ AGENTMARK_WEBHOOK_SECRET: "hunter2-secret", OPENAI_API_KEY: "sk-abc,sk-def" }).redact;
    expect(redact("key hunter2-secret and sk-def")).toBe("key [redacted] and [redacted]");
  });
});

describe("createRedactor", () => {
  it("replaces secrets and their JSON-escaped forms; returns other texts as they are", () => {
    const redact = createRedactor(['quo"te-secret', "plain-secret", "abc", undefined]);
    expect(redact(JSON.stringify({ a: 'quo"te-secret' }))).toBe('{"a":"[redacted]"}');
    expect(redact("plain-secret plain-secret")).toBe("[redacted] [redacted]");
    expect(redact("abc is too short to be a secret")).toBe("abc is too short to be a secret");
    const text = "nothing secret here";
    expect(redact(text)).toBe(text);
  });
});
