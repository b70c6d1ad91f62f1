/**
 * The timeouts of one run (`limits.timeouts.runMs`, and `idleMs` while streaming), enforced
 * around whatever runner runs it: the runner gets a signal that fires at the deadline (so it
 * aborts its upstream call), and the run ends then with a `TimeoutExceededError` naming the
 * setting even if the runner never notices, so its slot is freed either way.
 *
 * Every event of every run passes through here, so it is written for that: one timer per run
 * (re-armed for whichever limit comes first, not one per event or per limit), and a plain
 * async iterator instead of an async generator racing each event against the deadline
 * (`Promise.race` per event also left one reaction per event on the deadline's promise).
 */
import { childController } from "../core/any-signal";
import { TimeoutExceededError, type Timeouts } from "../core/limits";
import type { AgentEvent } from "../protocol/agent-events";

export class RunDeadline {
  /** Follows the caller's signal; the deadline aborts it too. Its signal is what the runner gets. */
  private readonly controller: AbortController;
  private readonly endsAt: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the idle limit applies (a streamed run's waits for its next event). */
  private watchIdle = false;
  /** When the current wait for the runner's next event began; undefined between waits. */
  private waitingSince: number | undefined;
  /** Set once the deadline has fired. */
  private expired: TimeoutExceededError | undefined;
  /** Rejects the wait in progress, if any, when the deadline fires. */
  private rejectWait: ((reason: TimeoutExceededError) => void) | undefined;
  readonly signal: AbortSignal;

  /**
   * `caller`: the caller's signal (the runner then gets a child of it), or a controller of the
   * caller's that belongs to this run alone, which the deadline then aborts itself (one
   * controller and one listener fewer per run).
   */
  constructor(
    private readonly timeouts: Pick<Timeouts, "runMs" | "idleMs">,
    caller: AbortSignal | AbortController,
  ) {
    this.controller = caller instanceof AbortController ? caller : childController(caller);
    this.signal = this.controller.signal;
    this.endsAt = Date.now() + timeouts.runMs;
  }

  /** Stops the timer (the run is over). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** `pending`, or the deadline's error when it comes first. */
  private wait<T>(pending: Promise<T>): Promise<T> {
    if (this.expired) {
      pending.catch(() => undefined); // settles later, unobserved
      return Promise.reject(this.expired);
    }
    return new Promise<T>((resolve, reject) => {
      this.rejectWait = reject;
      pending.then(resolve, reject); // after the deadline, whatever it settles with is ignored
    });
  }

  /** A promise-returning run (image, speech), bounded by `runMs`. */
  async promise<T>(run: Promise<T>): Promise<T> {
    this.start();
    try {
      return await this.wait(run);
    } finally {
      this.clear();
    }
  }

  /** An event run, bounded by `runMs`, and when `streaming`, by `idleMs` between events. */
  events(run: AsyncIterable<AgentEvent>, streaming: boolean): AsyncIterableIterator<AgentEvent> {
    const iterator = run[Symbol.asyncIterator]();
    this.watchIdle = streaming;
    this.start();
    let open = true;
    // The run is over: stop the timer, and unless the runner finished, close it without
    // waiting for it (one that ignored the abort may never settle).
    const close = (runnerFinished: boolean) => {
      if (!open) return;
      open = false;
      this.clear();
      if (!runnerFinished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    };
    const received = (next: IteratorResult<AgentEvent>) => {
      this.waitingSince = undefined;
      if (next.done) close(true);
      return next;
    };
    const failed = (err: unknown): never => {
      close(false);
      throw err;
    };
    const bounded: AsyncIterableIterator<AgentEvent> = {
      [Symbol.asyncIterator]: () => bounded,
      next: () => {
        if (!open) return Promise.resolve({ done: true, value: undefined });
        if (streaming) this.waitingSince = Date.now();
        return this.wait(iterator.next()).then(received, failed);
      },
      return: () => {
        close(false);
        return Promise.resolve({ done: true, value: undefined });
      },
    };
    return bounded;
  }

  /** Arms the timer for the nearest limit. */
  private start(): void {
    if (this.timer !== undefined || this.expired) return;
    const left = Math.max(0, this.endsAt - Date.now());
    this.arm(this.watchIdle ? Math.min(left, this.timeouts.idleMs) : left);
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.check(), ms);
  }

  /** The timer fired: end the run if a limit is reached, or wait for the nearest one. */
  private check(): void {
    this.timer = undefined;
    const now = Date.now();
    const { runMs, idleMs } = this.timeouts;
    if (now >= this.endsAt) {
      this.fire(new TimeoutExceededError(`The run did not finish within ${runMs} ms`, "limits.timeouts.runMs"));
      return;
    }
    let next = this.endsAt - now;
    if (this.watchIdle) {
      const waited = this.waitingSince === undefined ? 0 : now - this.waitingSince;
      if (waited >= idleMs) {
        this.fire(new TimeoutExceededError(`The model sent nothing for ${idleMs} ms`, "limits.timeouts.idleMs"));
        return;
      }
      next = Math.min(next, idleMs - waited);
    }
    this.arm(next);
  }

  /** Aborts the runner's signal (unless the caller already did) and ends the run with `reason`. */
  private fire(reason: TimeoutExceededError): void {
    this.expired = reason;
    this.controller.abort(reason);
    this.rejectWait?.(reason);
  }
}
