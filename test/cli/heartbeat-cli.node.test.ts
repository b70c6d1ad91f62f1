/**
 * AgentMark's published CLI reads a stream that carries heartbeats (`limits.timeouts.heartbeatMs`:
 * one space while the model is silent, see src/protocol/ndjson.ts): what `run-prompt` prints
 * is unchanged, whether a space comes before the first line (a model slow to its first token),
 * between two lines or after the last one. The stream is the webhook's own `ndjsonResponse`;
 * each line is produced only once a heartbeat has gone out before it, so the spaces are
 * certainly on the wire.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ndjsonResponse } from "../../src/handlers/ndjson-response";
import { runProcess } from "../helpers/run-process";

const CLI = resolve("node_modules/@agentmark/cli/dist/index.js");

let server: Server;
let origin: string;
/** Everything the server wrote, as the CLI received it. */
let sent = "";

function heartbeatGate() {
  let seen = () => {};
  return { passed: new Promise<void>((r) => (seen = r)), seen: () => seen() };
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    for await (const _ of req); // the CLI's job: not looked at
    const gates = [heartbeatGate(), heartbeatGate(), heartbeatGate(), heartbeatGate()];
    let beats = 0;
    async function* silentModel() {
      await gates[0]!.passed; // a model slow to its first token: the stream starts with a heartbeat
      yield { type: "text", result: "Hello" };
      await gates[1]!.passed;
      yield { type: "text", result: " world" };
      await gates[2]!.passed;
      yield { type: "text", finishReason: "stop", usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5, promptTokens: 3, completionTokens: 2 } };
      await gates[3]!.passed; // the stream ends with a heartbeat after its last line
    }
    const answer = ndjsonResponse(silentModel(), undefined, undefined, 1);
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    const reader = answer.body!.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      const chunk = next.value;
      const text = new TextDecoder().decode(chunk);
      sent += text;
      await new Promise<void>((r) => res.write(chunk, () => r()));
      if (text === " ") gates[beats++]?.seen();
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

it("@agentmark/cli run-prompt prints a stream with heartbeats as it prints one without", { timeout: 60_000 }, async () => {
  const run = await runProcess(process.execPath, [CLI, "run-prompt", resolve("examples/prompts/haiku.prompt.mdx"), "--server", origin], {
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(sent).toMatch(/^ +\{"type":"text","result":"Hello"\}\n +\{"type":"text","result":" world"\}\n +\{.*"finishReason":"stop".*\}\n +$/);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("=== Text Prompt Results ===");
  expect(run.stdout).toContain("Hello world");
  expect(run.stdout).toContain("🪙 3 in, 2 out, 5 total");
});
