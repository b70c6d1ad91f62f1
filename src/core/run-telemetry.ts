import type { Tracer } from "@opentelemetry/api";

/** What a traced run hands its runner, so the SDK's own spans nest under the run's span. */
export interface RunTelemetry {
  /** Recorded by the SDK on its spans (`ai.telemetry.metadata.*`): trace_name, prompt_name, props, commit_sha. */
  metadata: Record<string, string>;
  /**
   * An OpenTelemetry tracer whose spans nest under the run's span (spans started without an
   * explicit parent get the run's span as parent). Absent: forward the metadata only.
   */
  tracer?: Tracer;
  /** False when the deployment hides prompt inputs / model outputs from traces (AGENTMARK_HIDE_INPUTS, AGENTMARK_HIDE_OUTPUTS). */
  recordInputs?: boolean;
  recordOutputs?: boolean;
}
