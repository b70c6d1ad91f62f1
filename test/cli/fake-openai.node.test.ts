/**
 * `npm run fake:openai` as a person runs it: the tests' fake OpenAI API on the port asked for,
 * answering Chat Completions with a tool call on a `[[call:…]]` marker; a busy port is one line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/worker-process";

const TSX = resolve("node_modules/.bin/tsx");
const children: ChildProcess[] = [];

function start(port: number): { child: ChildProcess; output: Promise<string>; firstLine: Promise<string> } {
  const child = spawn(TSX, ["scripts/fake-openai.ts", "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let text = "";
  const firstLine = new Promise<string>((done) => {
    child.stdout!.on("data", (d) => {
      text += d;
      if (text.includes("\n")) done(text.split("\n")[0]!);
    });
  });
  let errors = "";
  child.stderr!.on("data", (d) => (errors += d));
  const output = new Promise<string>((done) => child.on("close", () => done(errors)));
  return { child, output, firstLine };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGTERM");
});

describe("npm run fake:openai", () => {
  it("serves the fake OpenAI on the given port: a tool call on a [[call:…]] marker", { timeout: 60_000 }, async () => {
    const port = await freePort();
    const { firstLine } = start(port);
    expect(await firstLine).toBe(`Fake OpenAI API on http://127.0.0.1:${port}/openai/v1 (Ctrl-C stops it). In another terminal:`);
    const res = await fetch(`http://127.0.0.1:${port}/openai/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk-fake" },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: 'add [[call:sum {"a":2,"b":3}]]' }],
        tools: [{ type: "function", function: { name: "sum", parameters: { type: "object" } } }],
      }),
    });
    const body = (await res.json()) as { choices: Array<{ message: { tool_calls: Array<{ function: { name: string; arguments: string } }> } }> };
    expect(body.choices[0]!.message.tool_calls[0]!.function).toEqual({ name: "sum", arguments: '{"a":2,"b":3}' });
  });

  it("a port in use is one line and exit 1", { timeout: 60_000 }, async () => {
    const busy = createServer();
    await new Promise<void>((ready) => busy.listen(0, "127.0.0.1", ready));
    const port = (busy.address() as { port: number }).port;
    try {
      const { child, output } = start(port);
      expect((await output).trim()).toBe(`port ${port} is in use: pass --port N`);
      expect(child.exitCode).toBe(1);
    } finally {
      busy.close();
    }
  });
});
