/**
 * Mastra on the server runtimes: the Mastra build (examples/mastra) served by Node, Bun and
 * Deno through the same entries as the default bundle, a streamed text run and an object run
 * through Mastra against the fake OpenAI.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { post, readLines, serverVars, stopServerChecked, type CaseContext } from "./cases";
import { buildMastra } from "./mastra-build";
import { startServer, type OtherBuild, type RunningServer, type RuntimeName } from "./targets";

const fakes = inject("fakesOrigin");
let build: OtherBuild;

beforeAll(async () => {
  build = await buildMastra();
}, 120_000);

function tag(name: string, text: string) {
  return { type: "mdxJsxFlowElement", name, attributes: [], children: [{ type: "paragraph", children: [{ type: "text", value: text }] }] };
}

function job(frontmatter: string, user: string, shouldStream: boolean) {
  return { type: "prompt-run", data: { ast: { type: "root", children: [{ type: "yaml", value: frontmatter }, tag("User", user)] }, options: { shouldStream } } };
}

async function requestsWith(marker: string): Promise<Array<{ path: string; body: string }>> {
  const all = (await (await fetch(`${fakes}/_control/requests`)).json()) as Array<{ path: string; body: string }>;
  return all.filter((r) => r.body.includes(marker));
}

for (const runtime of ["node", "bun", "deno"] as const satisfies readonly RuntimeName[]) {
  describe(`${runtime}, Mastra build`, () => {
    let server: RunningServer | undefined;
    const ctx = () => ({ runtime, server: server!, fakes }) as CaseContext;

    beforeAll(async () => {
      server = await startServer(runtime, serverVars(runtime, fakes), { build });
    }, 120_000);

    afterAll(() => stopServerChecked(runtime, server), 60_000);

    it("serves the Mastra runner", async () => {
      const health = (await (await fetch(`${server!.url}/health`)).json()) as { runners: string[] };
      expect(health.runners).toEqual(["local", "ai-sdk", "mastra"]);
    });

    it("a streamed text run through Mastra (your own agent, by model name): NDJSON text lines, then the finish line", async () => {
      const id = `rt${crypto.randomUUID().slice(0, 8)}`;
      const said = "alpha bravo charlie delta echo foxtrot";
      const res = await post(ctx(), job("name: support-chat\ntext_config:\n  model_name: mastra/support", `${id} [[say:${said}]]`, true));
      expect(res.status, server!.output().slice(-2000)).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/x-ndjson");
      const lines = await readLines(res);
      expect(lines.map((l) => (typeof l.result === "string" ? l.result : "")).join("")).toBe(said);
      expect(lines.length).toBeGreaterThan(2);
      expect(lines.at(-1)).toMatchObject({ type: "text", finishReason: "stop", usage: { inputTokens: 11, outputTokens: 7 } });
      // The registered agent ran: its instructions reached the model.
      const [request] = await requestsWith(id);
      expect(request!.body).toContain("You are the support agent of ACME");
    }, 60_000);

    it("an object run through Mastra (defaultRunner) answers one JSON envelope", async () => {
      const id = `rt${crypto.randomUUID().slice(0, 8)}`;
      const frontmatter =
        "name: answer\nobject_config:\n  model_name: openai/gpt-4o-mini\n  schema:\n    type: object\n    properties:\n      answer: { type: string }\n      confidence: { type: number }\n    required: [answer, confidence]\n    additionalProperties: false";
      const res = await post(ctx(), job(frontmatter, `${id} [[json:{"answer":"4","confidence":0.9}]]`, false));
      expect(res.status, server!.output().slice(-2000)).toBe(200);
      expect(await res.json()).toMatchObject({ type: "object", result: { answer: "4", confidence: 0.9 }, finishReason: "stop", usage: { inputTokens: 11, outputTokens: 7 } });
      // Mastra (not the AI SDK runner) made the call: it sends the System text as an input message, never `instructions`.
      const body = JSON.parse((await requestsWith(id))[0]!.body) as { instructions?: unknown; text?: { format?: { type?: string } } };
      expect(body.instructions).toBeUndefined();
      expect(body.text?.format?.type).toBe("json_schema");
    }, 60_000);
  });
}
