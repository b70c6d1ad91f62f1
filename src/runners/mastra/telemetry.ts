/**
 * Mastra's own product telemetry (PostHog, sent to us.posthog.com) stays off unless the
 * user turns it on: `MASTRA_TELEMETRY_DISABLED` is set to "1" when the deployment has not set
 * it, before Mastra could read it. Set `MASTRA_TELEMETRY_DISABLED=0` (or pass
 * `mastraTelemetry: true` to createMastraRunner) to let Mastra send it.
 */
const VARIABLE = "MASTRA_TELEMETRY_DISABLED";

type ProcessLike = { env: Record<string, string | undefined> };

export function keepMastraTelemetryOff(userTurnedItOn: boolean): void {
  if (userTurnedItOn) return;
  const proc = (globalThis as { process?: ProcessLike }).process;
  if (!proc?.env) return;
  if (proc.env[VARIABLE] === undefined) proc.env[VARIABLE] = "1";
}
