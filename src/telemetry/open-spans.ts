/**
 * Counts the run spans of a request that are still open, so the export after a dataset-run
 * waits for the rows still in flight when the stream ended (a disconnect cancels them; their
 * spans end a moment later) instead of dropping them.
 */
import type { RunSpan } from "./run-span";

export class OpenSpans {
  private open = 0;
  private closed = false;
  private resolveIdle!: () => void;
  /** Settles once `close()` was called and every tracked span has ended. */
  readonly idle = new Promise<void>((resolve) => (this.resolveIdle = resolve));

  track(span: RunSpan): void {
    this.open++;
    void span.ended.then(() => {
      this.open--;
      this.check();
    });
  }

  /** No more spans will start. */
  close(): void {
    this.closed = true;
    this.check();
  }

  private check(): void {
    if (this.closed && this.open === 0) this.resolveIdle();
  }
}
