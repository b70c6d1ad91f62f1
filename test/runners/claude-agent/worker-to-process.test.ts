/**
 * End to end across runtimes: the real Worker (src/index.ts, default config, inside
 * workerd) gets a signed `claude/*` prompt-run, hands it over its remote runner to the
 * process build running on Node (started by global-setup.ts), which runs it on the Claude
 * Agent SDK and the Claude Code executable against the fake Anthropic API; the agent events
 * come back over the signed NDJSON link and leave the Worker as AgentMark's wire format.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ndjsonLines, signedRequest } from "../../helpers/signed";

const worker = (exports as unknown as { default: Fetcher }).default;
const FAKES = (env as unknown as { FAKES_ORIGIN: string }).FAKES_ORIGIN;
/** "" when the SDK could not be installed offline (AGENTMARK_SKIP_MISSING_RUNTIMES=1): see global-setup.ts. */
const PROCESS_BUILD = (env as unknown as { AGENTMARK_REMOTE_RUNNER_URL: string }).AGENTMARK_REMOTE_RUNNER_URL;

function ast(frontmatter: string, user: string) {
  return {
    type: "root",
    children: [
      { type: "yaml", value: frontmatter },
      { type: "mdxJsxFlowElement", name: "System", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: "Answer briefly." }] }] },
      { type: "mdxJsxFlowElement", name: "User", attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: user }] }] },
    ],
  };
}

const uid = () => `w${crypto.randomUUID().slice(0, 8)}`;

async function aborted(marker: string): Promise<boolean> {
  for (;;) {
    const list = (await (await fetch(`${FAKES}/_control/aborted`)).json()) as string[];
    if (list.some((a) => a.includes(marker))) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!PROCESS_BUILD)("Worker → remote runner → Node → Claude Agent SDK → fake Anthropic", { timeout: 90_000 }, () => {
  it("streams the text line by line, then the finish with usage", async () => {
    const id = uid();
    const res = await worker.fetch(await signedRequest({ type: "prompt-run", data: { ast: ast("name: c\ntext_config:\n  model_name: claude/claude-fake+paced", `${id} [[say:Hello from Claude via Node]]`) } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const lines: Array<{ type: string; result?: string; finishReason?: string; usage?: unknown }> = [];
    for await (const line of ndjsonLines(res)) lines.push(line as (typeof lines)[number]);
    expect(lines.filter((l) => l.result !== undefined).map((l) => l.result).join("")).toBe("Hello from Claude via Node");
    expect(lines.filter((l) => l.result !== undefined).length).toBeGreaterThan(2);
    expect(lines.at(-1)).toMatchObject({ type: "text", finishReason: "stop", usage: { inputTokens: 11, outputTokens: 7 } });
    const requests = (await (await fetch(`${FAKES}/_control/requests`)).json()) as Array<{ path: string; body: string }>;
    expect(requests.filter((r) => r.body.includes(id)).map((r) => r.path)).toEqual(["/anthropic/v1/messages?beta=true"]);
  });

  it("answers a non-streamed object prompt with one JSON envelope", async () => {
    const frontmatter = "name: o\nobject_config:\n  model_name: claude/claude-fake\n  schema:\n    type: object\n    properties:\n      city: { type: string }\n    required: [city]";
    const res = await worker.fetch(await signedRequest({ type: "prompt-run", data: { ast: ast(frontmatter, `${uid()} [[json:{"city":"Lyon"}]]`), options: { shouldStream: false } } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "object", result: { city: "Lyon" }, finishReason: "stop" });
  });

  it("a client that goes away aborts the run in the Node process, down to the model call", async () => {
    const id = uid();
    const res = await worker.fetch(await signedRequest({ type: "prompt-run", data: { ast: ast("name: c\ntext_config:\n  model_name: claude/claude-fake+slow-tokens", id) } }));
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel("client went away");
    expect(await aborted(id)).toBe(true);
  });
});
