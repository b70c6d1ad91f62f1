/**
 * The HTTP surface, in workerd: routes, body limit, secret and signature checks, job
 * validation and the statuses of webhook-http.json.
 */
import { describe, expect, it, vi } from "vitest";
import webhookHttp from "../fixtures/agentmark/vectors/webhook-http.json";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import { createLocalRunner } from "../../src/runners/local";
import pkg from "../../package.json";
import { forgetWeakSecretReport, PUBLISHED_SECRETS } from "../../src/runtime/webhook-secret";
import { signedInit, signedRequest, TEST_SECRET } from "../helpers/signed";

const LONG_SECRET = "a-long-random-looking-secret-0123456789abcdef";

const app = createApp(defineConfig({ runners: [createLocalRunner()], evals: { exact_match: () => ({ score: 1 }) } }));
const env = { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, AGENTMARK_LOG_LEVEL: "silent" };
const TEXT_AST = {
  type: "root",
  children: [
    { type: "yaml", value: "name: t\ntext_config:\n  model_name: local/echo" },
    { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "hello there" }] }] },
  ],
};

async function send(req: Request, bindings: Record<string, string> = env) {
  return app.fetch(req, bindings);
}

describe("routes", () => {
  it("GET /health reports ok, the secret's state, the runner and the package version", async () => {
    const res = await app.request("/health", {}, { ...env, AGENTMARK_WEBHOOK_SECRET: LONG_SECRET });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, secret: "configured", runner: "local", runners: ["local"], version: pkg.version });
  });

  it("GET /health says whether the secret is usable, never its value: 503 when every call would be refused", async () => {
    const cases: Array<[Record<string, string>, number, string]> = [
      [{}, 503, "missing"],
      [{ AGENTMARK_WEBHOOK_SECRET: "replace-me-with-a-long-random-string" }, 503, "refused"],
      [{ AGENTMARK_WEBHOOK_SECRET: "short-but-set" }, 200, "weak"],
    ];
    for (const [bindings, status, state] of cases) {
      const res = await app.request("/health", {}, { ...bindings, AGENTMARK_LOG_LEVEL: "silent" });
      expect(res.status, state).toBe(status);
      const body = (await res.json()) as { ok: boolean; secret: string; message: string };
      expect(body).toMatchObject({ ok: status === 200, secret: state, message: expect.stringContaining("AGENTMARK_WEBHOOK_SECRET") });
      for (const value of Object.values(bindings)) expect(JSON.stringify(body)).not.toContain(value);
    }
  });

  it("answers unknown routes with 404 {message}", async () => {
    const res = await app.request("/nope", {}, env);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: "Not found: GET /nope" });
  });

  it.each([
    ["GET", "/"],
    ["PUT", "/"],
    ["DELETE", "/execute"],
    ["POST", "/health"],
  ])("answers %s %s with 405 {message} and an Allow header", async (method, path) => {
    const res = await app.request(path, { method }, env);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(path === "/health" ? "GET" : "POST");
    expect((await res.json()) as object).toHaveProperty("message");
  });
});

describe("secret", () => {
  it("refuses every webhook request with 500 when no secret is configured, saying where to set it on Workers", async () => {
    const unconfigured: Array<Record<string, string>> = [{}, { AGENTMARK_WEBHOOK_SECRET: "" }, { AGENTMARK_WEBHOOK_SECRET: "   " }];
    for (const bindings of unconfigured) {
      const res = await send(await signedRequest({ type: "get-evals" }), { ...bindings, AGENTMARK_LOG_LEVEL: "silent" });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({
        message:
          "AGENTMARK_WEBHOOK_SECRET is not configured: set it locally in .dev.vars (npm run dev), and for the deployed Worker with `wrangler secret put AGENTMARK_WEBHOOK_SECRET`.",
      });
    }
  });

  it.each(PUBLISHED_SECRETS)("refuses a published secret (%s), even correctly signed: anyone could sign with it", async (published) => {
    const configs: Array<Record<string, string>> = [{ AGENTMARK_WEBHOOK_SECRET: published }, { AGENTMARK_WEBHOOK_SECRET: LONG_SECRET, AGENTMARK_WEBHOOK_SECRET_PREVIOUS: published }];
    for (const bindings of configs) {
      const res = await send(await signedRequest({ type: "get-evals" }, { secret: published }), { ...bindings, AGENTMARK_LOG_LEVEL: "silent" });
      expect(res.status).toBe(500);
      expect(((await res.json()) as { message: string }).message).toMatch(/^AGENTMARK_WEBHOOK_SECRET(_PREVIOUS)? (is|holds) a published example value anyone could sign with/);
    }
  });

  it("accepts a secret shorter than 32 characters, and says once (at error level) that it is weak", async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    forgetWeakSecretReport();
    try {
      const freshApp = createApp(defineConfig({ runners: [createLocalRunner()] }));
      for (let i = 0; i < 2; i++) {
        const res = await freshApp.fetch(await signedRequest({ type: "get-evals" }), { AGENTMARK_WEBHOOK_SECRET: TEST_SECRET, AGENTMARK_LOG_LEVEL: "error" });
        expect(res.status).toBe(200);
      }
    } finally {
      spy.mockRestore();
    }
    const weak = errors.map((l) => JSON.parse(l)).filter((l) => l.event === "weak_webhook_secret");
    expect(weak).toHaveLength(1);
    expect(weak[0].message).toMatch(/shorter than 32 characters/);
    expect(errors.join("\n")).not.toContain(TEST_SECRET);
  });

  it("accepts a previous secret during rotation", async () => {
    const bindings = { ...env, AGENTMARK_WEBHOOK_SECRET: "brand-new", AGENTMARK_WEBHOOK_SECRET_PREVIOUS: "old-1, " + TEST_SECRET };
    const res = await send(await signedRequest({ type: "get-evals" }), bindings);
    expect(res.status).toBe(200);
  });
});

describe("signature", () => {
  it("401s a missing header, a malformed one and a wrong one, each saying which", async () => {
    const body = JSON.stringify({ type: "get-evals" });
    const missing = await send(new Request("http://w/", { method: "POST", body }));
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { message: string }).message).toMatch(/^Missing signature/);

    const malformed = await send(new Request("http://w/", { method: "POST", body, headers: { "x-agentmark-signature-256": "md5=abc" } }));
    expect(malformed.status).toBe(401);
    expect(((await malformed.json()) as { message: string }).message).toMatch(/^Malformed signature/);

    const wrong = await send(await signedRequest(body, { secret: "not-the-secret" }));
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/^Invalid signature/);
  });

  it("401s a tampered body before parsing it", async () => {
    const init = await signedInit(JSON.stringify({ type: "get-evals" }));
    const res = await send(new Request("http://w/", { ...init, body: "{not json at all" }));
    expect(res.status).toBe(401);
  });

  it("verifies over the raw bytes even when the JSON re-serialises differently", async () => {
    const raw = '{\n  "type" : "get-evals",\n  "data": {"10": 1, "b": "\\u00e9"}\n}';
    const res = await send(new Request("http://w/", await signedInit(raw)));
    expect(res.status).toBe(200);
  });
});

describe("body limit", () => {
  const small = { ...env, AGENTMARK_MAX_BODY_BYTES: "64" };

  it("refuses from Content-Length before reading the body", async () => {
    const body = JSON.stringify({ type: "get-evals", data: { pad: "x".repeat(100) } });
    const res = await send(await signedRequest(body), small);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/limit is 64 bytes/);
  });

  it("refuses while reading a body of undeclared length", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ type: "get-evals", data: { pad: "x".repeat(100) } }));
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.slice(0, 50));
        controller.enqueue(bytes.slice(50));
        controller.close();
      },
    });
    const req = new Request("http://w/", { method: "POST", body: stream, headers: { "x-agentmark-signature-256": "sha256=" + "0".repeat(64) } });
    expect(req.headers.get("content-length")).toBeNull();
    const res = await send(req, small);
    expect(res.status).toBe(413);
  });

  it("refuses a request with both Content-Length and Transfer-Encoding with 400, before reading it", async () => {
    const init = await signedInit(JSON.stringify({ type: "get-evals" }));
    const headers = new Headers(init.headers);
    headers.set("content-length", "22");
    headers.set("transfer-encoding", "chunked");
    const res = await send(new Request("http://w/", { ...init, headers }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/both Content-Length and Transfer-Encoding/);
  });

  it("refuses a Content-Length that is not a number of bytes with 400", async () => {
    const init = await signedInit(JSON.stringify({ type: "get-evals" }));
    const headers = new Headers(init.headers);
    headers.set("content-length", "22, 22");
    const res = await send(new Request("http://w/", { ...init, headers }));
    expect(res.status).toBe(400);
  });

  it("lets a body within the limit through", async () => {
    const res = await send(await signedRequest({ type: "get-evals" }), small);
    expect(res.status).toBe(200);
  });

  it("rejects a limit that is not a positive integer as a configuration error", async () => {
    const res = await send(await signedRequest({ type: "get-evals" }), { ...env, AGENTMARK_MAX_BODY_BYTES: "ten" });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { message: string }).message).toMatch(/AGENTMARK_MAX_BODY_BYTES/);
  });
});

describe("job validation (spec §2.2) and webhook-http.json statuses", () => {
  const statuses = webhookHttp.errorResponse.statuses;

  it.each([
    ["malformed JSON", "{oops", statuses.malformedRequestBody, /^Invalid request body/],
    ["a JSON array", "[]", statuses.malformedRequestBody, /^Invalid request body/],
    ["no type", JSON.stringify({ data: {} }), 400, /must include a "type" field/],
    ["unknown type", JSON.stringify({ type: "explode", data: {} }), statuses.unknownJobType, /got: explode$/],
    ["no data", JSON.stringify({ type: "prompt-run" }), 400, /must include a "data" object/],
    ["no ast", JSON.stringify({ type: "prompt-run", data: { prompt: {} } }), 400, /data\.ast \(not data\.prompt\)/],
    ["a string ast", JSON.stringify({ type: "prompt-run", data: { ast: "root" } }), 400, /The AST must be an object, got string/],
    ["an array ast", JSON.stringify({ type: "dataset-run", data: { ast: [1] } }), 400, /The AST must be an object, got array/],
    ["a bad option", JSON.stringify({ type: "prompt-run", data: { ast: TEXT_AST, options: { shouldStream: "yes" } } }), 400, /data\.options\.shouldStream/],
    ["an alert without alert", JSON.stringify({ type: "alert", data: {} }), 400, /data\.alert/],
  ])("%s → %i {message}", async (_name, body, status, message) => {
    const res = await send(await signedRequest(body));
    expect(res.status).toBe(status);
    const json = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([webhookHttp.errorResponse.bodyKey]);
    expect(json.message).toMatch(message);
  });

  it("an execution failure is a 500 {message}", async () => {
    const ast = { ...TEXT_AST, children: [{ type: "yaml", value: "name: t\ntext_config:\n  model_name: nowhere/model" }, TEXT_AST.children[1]] };
    const res = await send(await signedRequest({ type: "prompt-run", data: { ast, options: { shouldStream: false } } }));
    expect(res.status).toBe(statuses.executionFailure);
    expect(((await res.json()) as { message: string }).message).toMatch(/No runner serves model "nowhere\/model"/);
  });

  it("a JSON success is 200", async () => {
    const res = await send(await signedRequest({ type: "prompt-run", data: { ast: TEXT_AST, options: { shouldStream: false } } }));
    expect(res.status).toBe(webhookHttp.jsonResponse.status);
  });

  it("a dataset-run without a dataset says what is missing", async () => {
    const res = await send(await signedRequest({ type: "dataset-run", data: { ast: TEXT_AST } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^No dataset to run: set data.datasetPath/);
  });

  it("null fields count as absent, as Python senders write them", async () => {
    const res = await send(await signedRequest({ type: "prompt-run", data: { ast: TEXT_AST, options: null, promptPath: null, customProps: null } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("agentmark-streaming")).toBe("true");
    await res.arrayBuffer();
    const noStream = await send(await signedRequest({ type: "prompt-run", data: { ast: TEXT_AST, options: { shouldStream: null } } }));
    expect(noStream.headers.get("agentmark-streaming")).toBe("true");
    await noStream.arrayBuffer();
  });

  it("POST /execute is the same webhook", async () => {
    const res = await send(await signedRequest({ type: "get-evals" }, { path: "/execute" }));
    expect(res.status).toBe(200);
  });
});

describe("get-evals", () => {
  it("lists the configured evals per control-plane.json", async () => {
    const res = await send(await signedRequest({ type: "get-evals" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: "evals", result: '["exact_match"]', traceId: "" });
  });
});
