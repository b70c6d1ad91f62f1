/** Credentials inside URL settings are secrets for both redactors: the app's (logs, answers) and the runners'. */
import { describe, expect, it } from "vitest";
import { credentialsInUrl, urlSecrets, urlWithoutCredentials } from "../../src/core/secret-values";
import { redactSecrets } from "../../src/runners/toolkit";
import { redact } from "../../src/runtime/log";
import { secretValues } from "../../src/runtime/secrets";

const env = {
  OPENAI_BASE_URL: "https://gw-user:s3cret-pass@gateway.example/v1",
  AGENTMARK_BASE_URL: "https://api.example/?token=tok-123456789",
  ALERT_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX",
  OTEL_EXPORTER_OTLP_ENDPOINT: "https://tok-abcdefgh@collector.example",
};

describe("credentials inside URL settings", () => {
  it("finds the password, user:password, a token as user info, query values, and a Slack path", () => {
    expect(credentialsInUrl(env.OPENAI_BASE_URL)).toEqual(expect.arrayContaining(["gw-user:s3cret-pass", "s3cret-pass"]));
    expect(credentialsInUrl(env.OPENAI_BASE_URL)).not.toContain("gw-user");
    expect(credentialsInUrl(env.AGENTMARK_BASE_URL)).toContain("tok-123456789");
    expect(credentialsInUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT)).toContain("tok-abcdefgh");
    expect(credentialsInUrl(env.ALERT_SLACK_WEBHOOK_URL, true)).toContain("/services/T000/B000/XXXXsecretXXXX");
    expect(credentialsInUrl("not a url")).toEqual([]);
    expect(credentialsInUrl("https://example.com/v1")).toEqual([]);
  });

  it("the app's redactor (logs, error answers) hides them", () => {
    const text = [
      "TypeError: Request cannot be constructed from a URL that includes credentials: https://gw-user:s3cret-pass@gateway.example/v1/responses",
      "GET https://api.example/?token=tok-123456789 failed",
      "POST /services/T000/B000/XXXXsecretXXXX answered 500",
      "collector tok-abcdefgh refused",
    ].join("\n");
    const out = redact(text, secretValues(env));
    for (const secret of ["s3cret-pass", "tok-123456789", "XXXXsecretXXXX", "tok-abcdefgh"]) expect(out).not.toContain(secret);
    expect(out).toContain("gateway.example/v1/responses");
  });

  it("the runners' redactor (in-band errors) hides them too, from the same list", () => {
    expect(urlSecrets(env).length).toBeGreaterThan(0);
    const out = redactSecrets("fetch https://gw-user:s3cret-pass@gateway.example/v1/chat failed; ?token=tok-123456789", env);
    expect(out).not.toContain("s3cret-pass");
    expect(out).not.toContain("tok-123456789");
  });

  it("urlWithoutCredentials drops user info, query and fragment", () => {
    expect(urlWithoutCredentials("https://u:p@h.example/a/b?key=1#x")).toBe("https://h.example/a/b");
  });
});
