/**
 * What one request did, filled in while it runs and logged once when it really ends: at once
 * for a JSON answer, when the stream ends for an NDJSON one (completed, cancelled by the
 * client, or failed). The line says how long it took (`ms`, to the end; `headersMs`, to the
 * answer's headers), the job, the prompt, the model, the rows and error lines sent, and why a
 * signature was refused. Every in-band error line also gets an error-level line of its own.
 */
import type { StreamObserver, StreamOutcome } from "../protocol/ndjson";
import type { Logger } from "./log";

export type RejectionReason = "missing" | "malformed" | "mismatch";

export class RequestSummary implements StreamObserver {
  job?: string;
  prompt?: string;
  model?: string;
  /** Why the signature was refused (the 401's cause; never the header's value). */
  reason?: RejectionReason;
  private rows = 0;
  private errors = 0;
  private streamed = false;
  private outcome?: StreamOutcome;
  private headersMs?: number;
  /** Called when a streamed answer ends (set only while a line waits for it). */
  private onEnded: (() => void) | undefined;

  constructor(
    private readonly log: Logger,
    private readonly started = Date.now(),
  ) {}

  describe(fields: { job?: string; prompt?: string; model?: string }): void {
    if (fields.job !== undefined) this.job = fields.job;
    if (fields.prompt !== undefined) this.prompt = fields.prompt;
    if (fields.model !== undefined) this.model = fields.model;
  }

  /** The answer is a stream: the request ends when it does. */
  observeStream(): StreamObserver {
    this.streamed = true;
    return this;
  }

  line(chunk: unknown): void {
    const type = (chunk as { type?: unknown } | null)?.type;
    if (type === "dataset") this.rows++;
    else if (type === "error") {
      this.errors++;
      this.log.error("stream_error", { job: this.job, prompt: this.prompt, model: this.model, error: (chunk as { error?: unknown }).error });
    }
  }

  end(outcome: StreamOutcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.onEnded?.();
  }

  /** Logs `event` with `fields` then the summary: now, or when the stream has ended. */
  logWhenEnded(event: string, fields: Record<string, unknown>): void {
    const write = () => this.log.info(event, { ...fields, ...this.details() });
    if (!this.streamed || this.outcome) return write();
    this.headersMs = Date.now() - this.started;
    this.onEnded = write;
  }

  private details(): Record<string, unknown> {
    const out: Record<string, unknown> = { ms: Date.now() - this.started };
    if (this.headersMs !== undefined) out.headersMs = this.headersMs;
    if (this.prompt) out.prompt = this.prompt;
    if (this.model) out.model = this.model;
    if (this.job === "dataset-run") out.rows = this.rows;
    if (this.streamed) {
      out.errors = this.errors;
      out.outcome = this.outcome;
    }
    if (this.reason) out.reason = this.reason;
    return out;
  }
}
