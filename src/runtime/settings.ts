/**
 * The webhook's own settings, read from the environment on each request (cheap: a few
 * lookups) so a rotated secret takes effect without a redeploy.
 */
import { ConfigurationError } from "../core/errors";
import type { EnvVars } from "../core/env";

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface Settings {
  /** Current secret first, then the rotated-out ones still accepted. Empty when unconfigured. */
  webhookSecrets: string[];
  maxBodyBytes: number;
  slackWebhookUrl?: string;
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function readSettings(env: EnvVars): Settings {
  const current = env.AGENTMARK_WEBHOOK_SECRET?.trim();
  const rawLimit = env.AGENTMARK_MAX_BODY_BYTES;
  let maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  if (rawLimit !== undefined && rawLimit.trim() !== "") {
    maxBodyBytes = Number(rawLimit);
    if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
      throw new ConfigurationError("AGENTMARK_MAX_BODY_BYTES must be a positive integer (bytes)");
    }
  }
  return {
    webhookSecrets: current ? [current, ...list(env.AGENTMARK_WEBHOOK_SECRET_PREVIOUS)] : [],
    maxBodyBytes,
    slackWebhookUrl: env.ALERT_SLACK_WEBHOOK_URL?.trim() || undefined,
  };
}
