/**
 * The timeouts of one run (`limits.timeouts.runMs`, and `idleMs` while streaming), enforced
 * around whatever runner runs it: the runner gets a signal that fires at the deadline (so it
 * aborts its upstream call), and the run ends then with a `TimeoutExceededError` naming the
 * setting even if the runner never notices, so its slot is freed either way.
 */
import { childController } from "../core/any-signal";
import { TimeoutExceededError, type Timeouts } from "../core/limits";
import type { AgentEvent } from "../protocol/agent-events";

export class RunDeadline {
  /** Follows the caller's signal; the deadline aborts it too. Its signal is what the runner gets. */
  private readonly controller: AbortController;
  private readonly total: ReturnType<typeof setTimeout>;
  /**
   * One idle timer per run, not one per event: while it runs, a wait that started
   * `idleMs` ago fires it, and otherwise it is re-armed for what is left of the current
   * wait. (A timer per event was most of a streamed run's timer cost in workerd.)
   */
  private idle: ReturnType<typeof setTimeout> | undefined;
  /** When the current wait for the runner's next event began; undefined between waits. */
  private waitingSince: number | undefined;
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
  }

  /** Aborts the runner's signal (unless the caller already did) and ends the run with `reason`. */
  private fire(reason: TimeoutExceededError): void {
    this.controller.abort(reason);
    this.expire(reason);
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
        if (streaming) this.startWaiting();
        const next = await this.race(iterator.next());
        this.waitingSince = undefined;
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

  private startWaiting(): void {
    this.waitingSince = Date.now();
    if (this.idle === undefined) this.armIdle(this.timeouts.idleMs);
  }

  private armIdle(ms: number): void {
    this.idle = setTimeout(() => this.idleCheck(), ms);
  }

  private idleCheck(): void {
    const { idleMs } = this.timeouts;
    const waited = this.waitingSince === undefined ? 0 : Date.now() - this.waitingSince;
    if (waited >= idleMs) {
      this.fire(new TimeoutExceededError(`The model sent nothing for ${idleMs} ms`, "limits.timeouts.idleMs"));
      return;
    }
    this.armIdle(idleMs - waited);
  }
}
