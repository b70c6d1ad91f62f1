import type { EnvVars } from "../runners/types";

/** Variables whose values must never appear in a response or a log line. */
export const SECRET_VARIABLES = [
  "AGENTMARK_WEBHOOK_SECRET",
  "AGENTMARK_WEBHOOK_SECRET_PREVIOUS",
  "AGENTMARK_API_KEY",
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "ALERT_SLACK_WEBHOOK_URL",
] as const;

export function secretValues(env: EnvVars): string[] {
  const values: string[] = [];
  for (const name of SECRET_VARIABLES) {
    for (const value of (env[name] ?? "").split(",")) if (value.trim()) values.push(value.trim());
  }
  return values;
}
