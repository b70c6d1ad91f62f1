/**
 * RunDeadline's idle timeout counts only the time spent waiting for the runner's next event:
 * a slow consumer (time between its pulls) never trips it, a runner that stops sending does,
 * and the runner's signal fires with the caller's or the deadline's reason, whichever came first.
 */
import { describe, expect, it } from "vitest";
import { TimeoutExceededError } from "../../src/core/limits";
import type { AgentEvent } from "../../src/protocol/agent-events";
import { RunDeadline } from "../../src/runners/deadline";

const delta = (text: string): AgentEvent => ({ type: "text-delta", text });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function* events(count: number, thenHang = false): AsyncGenerator<AgentEvent> {
  for (let i = 0; i < count; i++) yield delta(String(i));
  if (thenHang) await new Promise(() => {});
}

describe("RunDeadline", () => {
  it("does not count the time a slow consumer takes between pulls as idle", async () => {
    const deadline = new RunDeadline({ runMs: 60_000, idleMs: 30 }, new AbortController().signal);
    const seen: string[] = [];
    for await (const event of deadline.events(events(4), true)) {
      seen.push((event as { text: string }).text);
      await sleep(100); // the idle timer fires while nobody waits on the runner, and re-arms
    }
    expect(seen).toEqual(["0", "1", "2", "3"]);
    expect(deadline.signal.aborted).toBe(false);
  });

  it("ends a run whose runner stops sending, naming limits.timeouts.idleMs, and aborts the runner's signal", async () => {
    const deadline = new RunDeadline({ runMs: 60_000, idleMs: 50 }, new AbortController().signal);
    const seen: AgentEvent[] = [];
    const run = (async () => {
      for await (const event of deadline.events(events(2, true), true)) seen.push(event);
    })();
    const error = await run.then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(TimeoutExceededError);
    expect((error as TimeoutExceededError).setting).toBe("limits.timeouts.idleMs");
    expect(seen).toHaveLength(2);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(error);
  });

  it("gives the runner the caller's reason when the caller goes first", () => {
    const caller = new AbortController();
    const deadline = new RunDeadline({ runMs: 60_000, idleMs: 60_000 }, caller.signal);
    caller.abort("client left");
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe("client left");
    deadline.clear();
  });
});
