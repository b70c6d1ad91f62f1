/**
 * Structured logs: one JSON object per line on the console, which every platform collects
 * (Workers Logs, Vercel, Deno Deploy). Secrets are redacted from anything that is logged.
 */
export type LogLevel = "info" | "error";

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/**
 * Replaces every secret value in `text` with "[redacted]", also in its JSON-escaped form (a
 * secret with a quote or backslash inside a serialised log line).
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    out = out.split(secret).join("[redacted]");
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join("[redacted]");
  }
  return out;
}

export function createLogger(level: string | undefined, secrets: readonly (string | undefined)[]): Logger {
  const silent = level === "silent";
  const errorsOnly = level === "error";
  const write = (lvl: LogLevel, event: string, fields?: Record<string, unknown>) => {
    const line = redact(JSON.stringify({ level: lvl, event, ...fields }), secrets);
    if (lvl === "error") console.error(line);
    else console.log(line);
  };
  return {
    info: (event, fields) => {
      if (!silent && !errorsOnly) write("info", event, fields);
    },
    error: (event, fields) => {
      if (!silent) write("error", event, fields);
    },
  };
}
