/** Posts an alert to a Slack incoming webhook (`{"text": ...}` with Slack mrkdwn). */
import { DEFAULT_TIMEOUTS } from "../core/limits";
import type { AlertPayload } from "../protocol/events";


function field(value: unknown): string {
  return value === null || value === undefined || value === "" ? "?" : String(value);
}

export function slackText(alert: AlertPayload): string {
  const resolved = alert.status === "resolved";
  const icon = resolved ? ":white_check_mark:" : ":rotating_light:";
  const state = resolved ? "resolved" : field(alert.status ?? "triggered");
  const window = alert.time_window ? `, window ${alert.time_window} min` : "";
  return `${icon} AgentMark alert *${field(alert.name)}* ${state}: ${field(alert.metric)} = ${field(
    alert.triggered_value,
  )} (threshold ${field(alert.threshold)}${window})`;
}

/** `timeoutMs` (`limits.timeouts.alertMs`) bounds the whole exchange, the answer's body included. */
export async function postToSlack(webhookUrl: string, alert: AlertPayload, timeoutMs = DEFAULT_TIMEOUTS.alertMs): Promise<void> {
  const res = await fetch(webhookUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text: slackText(alert) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) {
    const detail = (await res.text()).slice(0, 200);
    throw new Error(`Slack answered ${res.status}: ${detail}`);
  }
  await res.body?.cancel();
}
