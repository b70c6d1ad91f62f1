/**
 * The NDJSON stream: lines ready together leave as one chunk, a line waiting on I/O is never
 * held back for the next, failures and cancellation keep what was already produced, and a
 * silent source gets heartbeats (one space) so that a runtime can notice a departed client.
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

  it("after heartbeatMs without a line sends one space, which the next line's JSON parses through", async () => {
    const next = gate();
    async function* silent() {
      yield { n: 1 };
      await next.opened; // a model that goes quiet
      yield { n: 2 };
    }
    const reader = ndjsonStream(silent(), undefined, undefined, 1).getReader();
    expect(await readChunk(reader)).toBe('{"n":1}\n');
    expect(await readChunk(reader)).toBe(" "); // the source is still silent: only a heartbeat can come
    next.open();
    let rest = "";
    for (let chunk = await readChunk(reader); chunk !== null; chunk = await readChunk(reader)) rest += chunk;
    expect(rest.trim()).toBe('{"n":2}'); // maybe after more heartbeats, sent before line 2 was ready
    expect(rest.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line))).toEqual([{ n: 2 }]);
  });

  it("leaves no heartbeat timer behind once the stream has ended or been cancelled", async () => {
    vi.useFakeTimers();
    try {
      async function* quick() {
        yield { n: 1 };
      }
      const ended = ndjsonStream(quick(), undefined, undefined, 1000).getReader();
      expect(await readChunk(ended)).toBe('{"n":1}\n');
      expect(await readChunk(ended)).toBeNull();
      expect(vi.getTimerCount()).toBe(0);

      const never = gate();
      async function* stalled() {
        yield { n: 1 };
        await never.opened;
      }
      const cancelled = ndjsonStream(stalled(), undefined, undefined, 1000).getReader();
      expect(await readChunk(cancelled)).toBe('{"n":1}\n');
      const waiting = cancelled.read(); // the pull now waits for the source: the heartbeat is armed
      await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
      await cancelled.cancel("client went away");
      expect(await waiting).toEqual({ done: true, value: undefined });
      expect(vi.getTimerCount()).toBe(0);
      never.open();
    } finally {
      vi.useRealTimers();
    }
  });

  it("a line the source produces after the cancel is neither sent nor shown to the observer", async () => {
    const late = gate();
    let closed = false;
    async function* source() {
      try {
        yield { n: 1 };
        await late.opened;
        yield { type: "error", error: "The run was aborted: the caller disconnected." };
      } finally {
        closed = true;
      }
    }
    const seen: unknown[] = [];
    const ends: string[] = [];
    const reader = ndjsonStream(source(), undefined, { line: (chunk) => seen.push(chunk), end: (outcome) => ends.push(outcome) }).getReader();
    expect(await readChunk(reader)).toBe('{"n":1}\n');
    const waiting = reader.read(); // a pull waits for the source when the client leaves
    await reader.cancel("client went away");
    expect(await waiting).toEqual({ done: true, value: undefined });
    late.open(); // the run ends with its abort error: nobody is there to read or log it
    await vi.waitFor(() => expect(closed).toBe(true));
    expect(seen).toEqual([{ n: 1 }]);
    expect(ends).toEqual(["cancelled"]);
  });
});
