/**
 * The signed requests every server gets (perf-baselines §5.2, on the local model): a
 * prompt-run of AgentMark's `text.prompt.mdx` fixture with `model_name: local/test-model`,
 * compact JSON (771 bytes), non-streaming and streaming (the local model's 8 NDJSON lines).
 * And what a correct answer to each looks like, checked before every measured run.
 */
import textPrompt from "../../test/fixtures/agentmark/fixtures/text.prompt.mdx.json";
import { sign } from "../../src/crypto";
import type { LoadBody } from "./wrk";
import type { Target } from "./targets";

export const LOAD_SECRET = "bench-secret-4f1c2a9e7d3b";
const EXPECTED_TEXT = "(local model) You said: What is 2+2?";

function astOnLocalModel(): unknown {
  const [yaml, ...rest] = textPrompt.children as Array<{ type: string; value?: string }>;
  return { ...textPrompt, children: [{ ...yaml, value: yaml!.value!.replace("model_name: test-model", "model_name: local/test-model") }, ...rest] };
}

export async function loadBodies(): Promise<{ nonStreaming: LoadBody; streaming: LoadBody }> {
  const make = async (name: string, shouldStream: boolean): Promise<LoadBody> => {
    const text = JSON.stringify({
      type: "prompt-run",
      data: { ast: astOnLocalModel(), customProps: { userMessage: "What is 2+2?" }, options: { shouldStream } },
    });
    return { name, bytes: Buffer.from(text), signature: await sign(LOAD_SECRET, text) };
  };
  return { nonStreaming: await make("non-streaming", false), streaming: await make("streaming", true) };
}

/** Throws unless `body` is what `target` should answer to the (non-)streaming request. */
export function checkAnswer(target: Target, streaming: boolean, body: string): void {
  const fail = (why: string) => {
    throw new Error(`${target.id} (${streaming ? "streaming" : "non-streaming"}): ${why}: ${body.slice(0, 400)}`);
  };
  if (target.kind === "bare-floor") {
    if (body !== '{"ok":true}') fail("unexpected answer");
    return;
  }
  if (target.kind === "verify-floor") {
    if (body !== '{"ok":true,"type":"prompt-run","hasAst":true}') fail("unexpected answer");
    return;
  }
  if (!streaming) {
    const envelope = JSON.parse(body) as { type?: string; result?: string };
    if (envelope.type !== "text" || envelope.result !== EXPECTED_TEXT) fail("not the local model's envelope");
    return;
  }
  const lines = body.trimEnd().split("\n").map((l) => JSON.parse(l) as { type?: string; result?: string; finishReason?: string });
  const text = lines.map((l) => l.result ?? "").join("");
  if (lines.length !== 8 || text !== EXPECTED_TEXT || lines.at(-1)?.finishReason !== "stop") fail("not the local model's 8 NDJSON lines");
}
