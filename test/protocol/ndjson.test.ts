/**
 * The NDJSON stream: lines ready together leave as one chunk, a line waiting on I/O is never
 * held back for the next, failures and cancellation keep what was already produced.
 */
import { describe, expect, it, vi } from "vitest";
import { ndjsonStream } from "../../src/protocol/ndjson";

const decoder = new TextDecoder();

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string | null> {
  const { done, value } = await reader.read();
  return done ? null : decoder.decode(value);
}

describe("ndjsonStream", () => {
  it("sends lines that are ready together as one chunk", async () => {
    async function* ready() {
      for (let i = 0; i < 8; i++) yield { i };
    }
    const reader = ndjsonStream(ready()).getReader();
    expect(await readChunk(reader)).toBe(Array.from({ length: 8 }, (_, i) => `{"i":${i}}\n`).join(""));
    expect(await readChunk(reader)).toBeNull();
  });

  it("hands over a line at once when the next one waits for something", async () => {
    const next = gate();
    async function* paced() {
      yield { n: 1 };
      await next.opened;
      yield { n: 2 };
      yield { n: 3 };
    }
    const reader = ndjsonStream(paced()).getReader();
    expect(await readChunk(reader)).toBe('{"n":1}\n'); // while line 2 is still waiting
    next.open();
    expect(await readChunk(reader)).toBe('{"n":2}\n{"n":3}\n');
    expect(await readChunk(reader)).toBeNull();
  });

  it("caps a chunk's size when very many lines are ready", async () => {
    const pad = "x".repeat(1000);
    async function* many() {
      for (let i = 0; i < 200; i++) yield { pad };
    }
    const reader = ndjsonStream(many()).getReader();
    const chunks: string[] = [];
    for (let chunk = await readChunk(reader); chunk !== null; chunk = await readChunk(reader)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(64 * 1024 + 1100);
    expect(chunks.join("").split("\n").filter(Boolean)).toHaveLength(200);
  });

  it("delivers the lines produced before a failure, then errors", async () => {
    async function* failing() {
      yield { n: 1 };
      yield { n: 2 };
      throw new Error("source broke");
    }
    const reader = ndjsonStream(failing()).getReader();
    expect(await readChunk(reader)).toBe('{"n":1}\n{"n":2}\n');
    await expect(reader.read()).rejects.toThrow("source broke");
  });

  it("on cancel, tells the caller and closes the source", async () => {
    const never = gate();
    let closed = false;
    async function* source() {
      try {
        yield { n: 1 };
        await never.opened;
        yield { n: 2 };
      } finally {
        closed = true;
      }
    }
    const reasons: unknown[] = [];
    const reader = ndjsonStream(source(), (reason) => reasons.push(reason)).getReader();
    expect(await readChunk(reader)).toBe('{"n":1}\n');
    // The cancel does not wait for the line the source is still producing (a source that
    // ignores the cancel must not hold it forever)...
    await reader.cancel("client went away");
    expect(reasons).toEqual(["client went away"]);
    expect(closed).toBe(false);
    // ...and the source is closed as soon as that line comes.
    never.open();
    await vi.waitFor(() => expect(closed).toBe(true));
  });
});
