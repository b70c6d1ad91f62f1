/**
 * Fans an alert out to every configured sink after the webhook has answered. Sinks are
 * independent: one failing is logged and the others still run.
 */
import type { AgentmarkConfig } from "../config";
import { resolveTimeouts } from "../core/limits";
import type { AlertPayload } from "../protocol/events";
import { normalizeError } from "../protocol/errors";
import type { Logger } from "../runtime/log";
import type { EnvVars } from "../core/env";
import { postToSlack } from "./slack";

export interface AlertSinkDeps {
  config: AgentmarkConfig;
  env: EnvVars;
  log: Logger;
  slackWebhookUrl?: string;
}

export async function deliverAlert(alert: AlertPayload, deps: AlertSinkDeps): Promise<void> {
  deps.log.info("alert", {
    id: alert.id,
    name: alert.name,
    metric: alert.metric,
    status: alert.status,
    threshold: alert.threshold,
    triggered_value: alert.triggered_value,
  });
  const sinks: Array<[string, () => Promise<void>]> = [];
  if (deps.slackWebhookUrl) {
    const url = deps.slackWebhookUrl;
    const timeoutMs = resolveTimeouts(deps.config.limits?.timeouts).alertMs;
    sinks.push(["slack", () => postToSlack(url, alert, timeoutMs)]);
  }
  const onAlert = deps.config.alerts?.onAlert;
  if (onAlert) sinks.push(["onAlert", async () => onAlert(alert, { env: deps.env })]);
  await Promise.all(
    sinks.map(async ([sink, run]) => {
      try {
        await run();
        deps.log.info("alert_delivered", { sink, alertId: alert.id });
      } catch (err) {
        deps.log.error("alert_sink_failed", { sink, alertId: alert.id, error: normalizeError(err) });
      }
    }),
  );
}
