/**
 * The real Worker (src/index.ts with wrangler.toml and the default config) inside workerd,
 * reached the way Cloudflare calls it.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ndjsonLines, signedRequest } from "../helpers/signed";
import textPrompt from "../fixtures/agentmark/fixtures/text.prompt.mdx.json";

const worker = (exports as unknown as { default: Fetcher }).default;

// The first request evaluates the whole bundle in a fresh isolate: slow on a loaded machine.
describe("the deployed Worker", { timeout: 120_000 }, () => {
  it("serves /health", async () => {
    const res = await worker.fetch("http://webhook.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, runner: "local" });
  });

  it("streams a signed prompt-run of a platform fixture on a local model", async () => {
    const yaml = textPrompt.children[0] as { value: string };
    const ast = { ...textPrompt, children: [{ ...yaml, value: yaml.value.replace("test-model", "local/echo") }, ...textPrompt.children.slice(1)] };
    const res = await worker.fetch(await signedRequest({ type: "prompt-run", data: { ast, customProps: { userMessage: "What is 2+2?" } } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("agentmark-streaming")).toBe("true");
    const lines = [];
    for await (const line of ndjsonLines(res)) lines.push(line as { result?: string });
    expect(lines.map((l) => l.result ?? "").join("")).toBe("(local model) You said: What is 2+2?");
  });

  it("rejects an unsigned request", async () => {
    const res = await worker.fetch("http://webhook.test/", { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
  });
});
