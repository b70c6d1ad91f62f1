/**
 * Whether the configured webhook secret can be used. Missing, or a value published in this
 * repository or in AgentMark's SDK (anyone could sign with it): refused, every webhook call
 * is a 500 that says what to do. Shorter than MIN_SECRET_LENGTH: used, but reported as weak
 * (a log line once per process, `/health`), because length alone does not tell a guessable
 * secret from a random one, and a refusal would take down a deployment whose platform-issued
 * secret happens to be short.
 */
import type { EnvVars } from "../core/env";
import { whereToSet } from "../core/where-to-set";
import type { Logger } from "./log";

export const MIN_SECRET_LENGTH = 32;

/** `.dev.vars.example`'s placeholder, and the key AgentMark's SDK signs with when it has no secret. */
export const PUBLISHED_SECRETS: readonly string[] = ["replace-me-with-a-long-random-string", "DEFAULT"];

export type SecretState = "configured" | "weak" | "missing" | "refused";

export interface SecretStatus {
  state: SecretState;
  /** What is wrong and what to do (names only, never a value); absent when configured. */
  message?: string;
}

const SECRET = "AGENTMARK_WEBHOOK_SECRET";
const PREVIOUS = "AGENTMARK_WEBHOOK_SECRET_PREVIOUS";

export function splitSecrets(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function webhookSecretStatus(env: EnvVars): SecretStatus {
  const current = env[SECRET]?.trim();
  if (!current) return { state: "missing", message: `${SECRET} is not configured: set it ${whereToSet(SECRET)}.` };
  if (PUBLISHED_SECRETS.includes(current)) {
    return { state: "refused", message: `${SECRET} is a published example value anyone could sign with: set your own ${whereToSet(SECRET)}.` };
  }
  const previous = splitSecrets(env[PREVIOUS]);
  if (previous.some((s) => PUBLISHED_SECRETS.includes(s))) {
    return { state: "refused", message: `${PREVIOUS} holds a published example value anyone could sign with: remove it.` };
  }
  const short = [current, ...previous].some((s) => s.length < MIN_SECRET_LENGTH);
  if (short) {
    return {
      state: "weak",
      message: `${SECRET} (or a value in ${PREVIOUS}) is shorter than ${MIN_SECRET_LENGTH} characters: replace it with a long random one, e.g. \`node -e "console.log(crypto.randomBytes(32).toString('hex'))"\`.`,
    };
  }
  return { state: "configured" };
}

let weakReported = false;

/** Logs a weak secret once per process (isolate), at error level so that it shows with AGENTMARK_LOG_LEVEL=error. */
export function reportWeakSecretOnce(log: Logger, message: string): void {
  if (weakReported) return;
  weakReported = true;
  log.error("weak_webhook_secret", { message });
}

/** Lets the next weak secret be reported again (tests). */
export function forgetWeakSecretReport(): void {
  weakReported = false;
}
