/**
 * Calls `onIdle` each time a wait has lasted `ms`. One timer per owner, not one per wait:
 * when it fires it either calls `onIdle` (the current wait is that old; counting restarts)
 * or is re-armed for what is left of the current wait, and it lapses between waits. (A timer
 * per event was most of a streamed run's timer cost in workerd.)
 */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the current wait began (or `onIdle` last ran in it); undefined between waits. */
  private since: number | undefined;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  startWaiting(): void {
    if (this.stopped) return;
    this.since = Date.now();
    if (this.timer === undefined) this.arm(this.ms);
  }

  stopWaiting(): void {
    this.since = undefined;
  }

  /** For good: no timer is left behind, and later waits are not watched. */
  stop(): void {
    this.stopped = true;
    this.since = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.check(), ms);
  }

  private check(): void {
    this.timer = undefined;
    if (this.since === undefined || this.stopped) return;
    const waited = Date.now() - this.since;
    if (waited < this.ms) return this.arm(this.ms - waited);
    this.since = Date.now();
    this.arm(this.ms);
    this.onIdle();
  }
}
