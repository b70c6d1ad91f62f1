import type { EnvVars } from "../core/env";
import { urlSecrets } from "../core/secret-values";

/** Variables whose values must never appear in a response or a log line. */
export const SECRET_VARIABLES = [
  "AGENTMARK_WEBHOOK_SECRET",
  "AGENTMARK_WEBHOOK_SECRET_PREVIOUS",
  "AGENTMARK_API_KEY",
  "AGENTMARK_RUNNER_SECRET",
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "ALERT_SLACK_WEBHOOK_URL",
] as const;

/** Header lists (`k=v,k2=v2`) whose values are credentials (collector API keys). */
const SECRET_HEADER_LISTS = ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"] as const;

export function secretValues(env: EnvVars): string[] {
  const values: string[] = [];
  for (const name of SECRET_VARIABLES) {
    for (const value of (env[name] ?? "").split(",")) if (value.trim()) values.push(value.trim());
  }
  for (const name of SECRET_HEADER_LISTS) {
    for (const pair of (env[name] ?? "").split(",")) {
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      if (pair.includes("=") && value) values.push(value);
    }
  }
  values.push(...urlSecrets(env));
  // Longest first: a secret that contains another is replaced whole.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}
