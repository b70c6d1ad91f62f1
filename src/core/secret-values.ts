/**
 * Secrets hidden inside URL-valued settings: `https://user:pass@gateway/v1`, a key in a query
 * string, a Slack webhook whose path is the credential. What is found here is redacted by both
 * redactors, the app's (runtime/secrets.ts, logs and error answers) and the runners' (toolkit
 * errors), from one list.
 */
import type { EnvVars } from "./env";

/** Settings holding a URL that may embed credentials. */
export const URL_SETTINGS = [
  "OPENAI_BASE_URL",
  "AGENTMARK_BASE_URL",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
  "ALERT_SLACK_WEBHOOK_URL",
] as const;

/** Settings whose URL path is itself the credential (a Slack incoming webhook: /services/T…/B…/secret). */
const SECRET_PATH_SETTINGS = new Set<string>(["ALERT_SLACK_WEBHOOK_URL"]);

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The credentials inside one URL: the password (and `user:password`), a username standing
 * alone (a token as user info), query values, and the path when it is the secret; each raw
 * and percent-decoded. Short values (under 6 characters) are left: redacting them would
 * mangle every log line that happens to contain them.
 */
export function credentialsInUrl(raw: string, pathIsSecret = false): string[] {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return [];
  }
  const found: string[] = [];
  const add = (value: string) => {
    if (value) found.push(value, decoded(value));
  };
  if (url.password) {
    add(`${url.username}:${url.password}`);
    add(url.password);
  } else if (url.username.length >= 8) add(url.username);
  for (const [, value] of url.searchParams) add(value);
  if (url.search.length > 1) add(url.search.slice(1));
  if (pathIsSecret && url.pathname.length > 1) {
    add(url.pathname);
    add(url.href); // the normalised form, which may differ from the configured text
  }
  return [...new Set(found)].filter((value) => value.length >= 6);
}

const cache = new Map<string, string[]>();

/** Every credential inside the deployment's URL-valued settings (parsed once per distinct value). */
export function urlSecrets(env: EnvVars): string[] {
  const found: string[] = [];
  for (const name of URL_SETTINGS) {
    const value = env[name];
    if (typeof value !== "string" || value.trim() === "") continue;
    const key = `${name}=${value}`;
    let credentials = cache.get(key);
    if (!credentials) {
      credentials = credentialsInUrl(value, SECRET_PATH_SETTINGS.has(name));
      if (cache.size >= 32) cache.delete(cache.keys().next().value!);
      cache.set(key, credentials);
    }
    found.push(...credentials);
  }
  return found;
}

/** `url` without user info, query or fragment, for messages (where keys and tokens hide). */
export function urlWithoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    parsed.hash = "";
    return parsed.href;
  } catch {
    return "(an invalid URL)";
  }
}
