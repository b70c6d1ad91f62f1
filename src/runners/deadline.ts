/**
 * The timeouts of one run (`limits.timeouts.runMs`, and `idleMs` while streaming), enforced
 * around whatever runner runs it: the runner gets a signal that fires at the deadline (so it
 * aborts its upstream call), and the run ends then with a `TimeoutExceededError` naming the
 * setting even if the runner never notices, so its slot is freed either way.
 */
import { childController } from "../core/any-signal";
import { IdleTimer } from "../core/idle-timer";
import { TimeoutExceededError, type Timeouts } from "../core/limits";
import type { AgentEvent } from "../protocol/agent-events";

export class RunDeadline {
  /** Follows the caller's signal; the deadline aborts it too. Its signal is what the runner gets. */
  private readonly controller: AbortController;
  private readonly total: ReturnType<typeof setTimeout>;
  /** Fires when one wait for the runner's next event has lasted `idleMs` (streamed runs). */
  private readonly idle: IdleTimer;
  private readonly expired: Promise<never>;
  private expire: (reason: TimeoutExceededError) => void = () => {};
  readonly signal: AbortSignal;

  constructor(
    private readonly timeouts: Pick<Timeouts, "runMs" | "idleMs">,
    callerSignal: AbortSignal,
  ) {
    this.controller = childController(callerSignal);
    this.signal = this.controller.signal;
    this.expired = new Promise<never>((_, reject) => (this.expire = reject));
    this.expired.catch(() => undefined);
    this.total = setTimeout(
      () => this.fire(new TimeoutExceededError(`The run did not finish within ${timeouts.runMs} ms`, "limits.timeouts.runMs")),
      timeouts.runMs,
    );
    this.idle = new IdleTimer(timeouts.idleMs, () =>
      this.fire(new TimeoutExceededError(`The model sent nothing for ${timeouts.idleMs} ms`, "limits.timeouts.idleMs")),
    );
  }

  /** Aborts the runner's signal (unless the caller already did) and ends the run with `reason`. */
  private fire(reason: TimeoutExceededError): void {
    this.controller.abort(reason);
    this.expire(reason);
  }

  /** Stops the timers (the run is over). */
  clear(): void {
    clearTimeout(this.total);
    this.idle.stop();
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
        if (streaming) this.idle.startWaiting();
        const next = await this.race(iterator.next());
        this.idle.stopWaiting();
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
}
