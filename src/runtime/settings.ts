/**
 * The webhook's own settings, derived from the deployment's environment (once per Worker
 * `env` or server process: see deployment.ts).
 */
import { ConfigurationError } from "../core/errors";
import type { EnvVars } from "../core/env";
import { splitSecrets, webhookSecretStatus, type SecretStatus } from "./webhook-secret";

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface Settings {
  /** Current secret first, then the rotated-out ones still accepted. Empty when unconfigured. */
  webhookSecrets: string[];
  /** Whether those can be used (missing or published: refused; short: weak). */
  secret: SecretStatus;
  maxBodyBytes: number;
  slackWebhookUrl?: string;
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
  const secret = webhookSecretStatus(env);
  const usable = secret.state === "configured" || secret.state === "weak";
  return {
    webhookSecrets: usable && current ? [current, ...splitSecrets(env.AGENTMARK_WEBHOOK_SECRET_PREVIOUS)] : [],
    secret,
    maxBodyBytes,
    slackWebhookUrl: env.ALERT_SLACK_WEBHOOK_URL?.trim() || undefined,
  };
}
