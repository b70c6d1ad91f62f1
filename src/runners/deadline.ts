/**
 * The timeouts of one run (`limits.timeouts.runMs`, and `idleMs` while streaming), enforced
 * around whatever runner runs it: the runner gets a signal that fires at the deadline (so it
 * aborts its upstream call), and the run ends then with a `TimeoutExceededError` naming the
 * setting even if the runner never notices, so its slot is freed either way.
 */
import { anySignal } from "../core/any-signal";
import { TimeoutExceededError, type Timeouts } from "../core/limits";
import type { AgentEvent } from "../protocol/agent-events";

export class RunDeadline {
  private readonly controller = new AbortController();
  private readonly total: ReturnType<typeof setTimeout>;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private readonly expired: Promise<never>;
  /** The caller's signal, also fired by the deadline: what the runner gets. */
  readonly signal: AbortSignal;

  constructor(
    private readonly timeouts: Pick<Timeouts, "runMs" | "idleMs">,
    callerSignal: AbortSignal,
  ) {
    this.signal = anySignal([callerSignal, this.controller.signal]);
    this.expired = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener("abort", () => reject(this.controller.signal.reason), { once: true });
    });
    this.expired.catch(() => undefined);
    this.total = setTimeout(
      () => this.fire(new TimeoutExceededError(`The run did not finish within ${timeouts.runMs} ms`, "limits.timeouts.runMs")),
      timeouts.runMs,
    );
  }

  private fire(reason: TimeoutExceededError): void {
    this.controller.abort(reason);
  }

  /** Stops the timers (the run is over). */
  clear(): void {
    clearTimeout(this.total);
    clearTimeout(this.idle);
  }

  /** `pending`, or the deadline's error when it comes first. */
  race<T>(pending: Promise<T>): Promise<T> {
    pending.catch(() => undefined); // settles later, unobserved, when the deadline won
    return Promise.race([pending, this.expired]);
  }

  /** A promise-returning run (image, speech), bounded by `runMs`. */
  async promise<T>(run: Promise<T>): Promise<T> {
    try {
      return await this.race(run);
    } finally {
      this.clear();
    }
  }

  /** An event run, bounded by `runMs`, and when `streaming`, by `idleMs` between events. */
  async *events(run: AsyncIterable<AgentEvent>, streaming: boolean): AsyncGenerator<AgentEvent> {
    const iterator = run[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        if (streaming) this.armIdle();
        const next = await this.race(iterator.next());
        clearTimeout(this.idle);
        if (next.done) {
          finished = true;
          return;
        }
        yield next.value;
      }
    } finally {
      this.clear();
      // A runner that ignored the abort may never settle: close it without waiting for it.
      if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    }
  }

  private armIdle(): void {
    clearTimeout(this.idle);
    const { idleMs } = this.timeouts;
    this.idle = setTimeout(
      () => this.fire(new TimeoutExceededError(`The model sent nothing for ${idleMs} ms`, "limits.timeouts.idleMs")),
      idleMs,
    );
  }
}
