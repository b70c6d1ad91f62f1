/**
 * A provider's failure → the text a caller may see: the provider's own message (AgentMark's
 * `normalize-error.json` rules, plus the cause of a generic SDK wrapper, plus the provider and
 * URL of a network-level failure), with every secret value of the deployment replaced.
 */
import type { EnvVars } from "../../core/env";
import { urlSecrets } from "../../core/secret-values";
import type { AgentEvent } from "../../protocol/agent-events";
import { normalizeError } from "../../protocol/errors";
import { networkFailureOf } from "./provider-fetch";

/**
 * `normalize-error.json`: message, nested `error.message`, `data.error.message`, else JSON.
 * A generic SDK wrapper message gets its cause appended (`Failed to process successful
 * response: Network connection lost.`).
 */
export function errorMessage(err: unknown): string {
  const base = normalizeError(err);
  const cause = typeof err === "object" && err !== null ? (err as { cause?: unknown }).cause : undefined;
  const message = cause instanceof Error && cause.message && !base.includes(cause.message) ? `${base}: ${cause.message}` : base;
  // A network-level failure says which provider and URL it could not reach (see providerFetch).
  const network = networkFailureOf(err);
  return network ? `${network}: ${message}` : message;
}

const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL)/i;

/**
 * Names whose values are redacted even when the env cannot be enumerated (the app's env is a
 * lazy proxy): well-known provider keys, plus every secret-looking name a provider factory
 * read (recorded by the provider cache through `noteSecretNames`).
 */
const secretNames = new Set<string>([
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "GOOGLE_GENERATIVE_AI_API_KEY",
  "MISTRAL_API_KEY",
  "GROQ_API_KEY",
  "XAI_API_KEY",
  "AZURE_API_KEY",
  "AWS_SECRET_ACCESS_KEY",
  "AGENTMARK_API_KEY",
  "AGENTMARK_WEBHOOK_SECRET",
]);

export function noteSecretNames(names: Iterable<string>): void {
  for (const name of names) if (SECRET_NAME.test(name)) secretNames.add(name);
}

/** Replaces the values of secret-looking environment variables, and credentials inside URL settings, found in `text`. */
export function redactSecrets(text: string, env: EnvVars): string {
  let out = text;
  const names = new Set([...secretNames, ...Object.keys(env).filter((n) => SECRET_NAME.test(n))]);
  for (const name of names) {
    const value = env[name];
    if (typeof value !== "string" || value.length < 8) continue;
    out = out.split(value).join(`[redacted ${name}]`);
  }
  for (const secret of urlSecrets(env).sort((a, b) => b.length - a.length)) out = out.split(secret).join("[redacted]");
  return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]{8,}/g, "Bearer [redacted]");
}

/** The caller-safe message of any failure: the provider's text, secrets redacted. */
export function safeErrorMessage(err: unknown, env: EnvVars): string {
  return redactSecrets(errorMessage(err), env);
}

/** A terminal error event with the provider's message, never a secret. */
export function errorEvent(err: unknown, env: EnvVars): AgentEvent {
  return { type: "error", error: safeErrorMessage(err, env) };
}
