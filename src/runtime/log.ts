/**
 * Structured logs: one JSON object per line on the console, which every platform collects
 * (Workers Logs, Vercel, Deno Deploy). Secrets are redacted from anything that is logged.
 */
export type LogLevel = "info" | "error";

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export type Redactor = (text: string) => string;

const unchanged: Redactor = (text) => text;

/**
 * A function replacing every secret value in a text with "[redacted]", also in its
 * JSON-escaped form (a secret with a quote or backslash inside a serialised log line).
 * Built once per deployment: the escaped forms are computed here, and a text that holds no
 * secret (nearly all of them) is returned as is, without a copy.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const needles: string[] = [];
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    needles.push(secret);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) needles.push(escaped);
  }
  if (needles.length === 0) return unchanged;
  return (text) => {
    let out = text;
    for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join("[redacted]");
    return out;
  };
}

/** Replaces every secret value in `text` with "[redacted]" (see createRedactor). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return createRedactor(secrets)(text);
}

const silentLogger: Logger = { info: () => {}, error: () => {} };

export function createLogger(level: string | undefined, redactor: Redactor): Logger {
  if (level === "silent") return silentLogger;
  const write = (lvl: LogLevel, event: string, fields?: Record<string, unknown>) => {
    const line = redactor(JSON.stringify({ level: lvl, event, ...fields }));
    if (lvl === "error") console.error(line);
    else console.log(line);
  };
  return {
    info: level === "error" ? () => {} : (event, fields) => write("info", event, fields),
    error: (event, fields) => write("error", event, fields),
  };
}
