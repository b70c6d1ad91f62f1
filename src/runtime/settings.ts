/**
 * The webhook's own settings, derived from the deployment's environment (once per Worker
 * `env` or server process: see deployment.ts).
 */
import { HttpError } from "../protocol/errors";
import type { EnvVars } from "../runners/types";

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
      throw new HttpError(500, "AGENTMARK_MAX_BODY_BYTES must be a positive integer (bytes)");
    }
  }
  return {
    webhookSecrets: current ? [current, ...list(env.AGENTMARK_WEBHOOK_SECRET_PREVIOUS)] : [],
    maxBodyBytes,
    slackWebhookUrl: env.ALERT_SLACK_WEBHOOK_URL?.trim() || undefined,
  };
}
