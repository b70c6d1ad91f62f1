/** The webhook secret for local tools: `AGENTMARK_WEBHOOK_SECRET` from the environment, else from `.dev.vars`. */
import { existsSync, readFileSync } from "node:fs";

export function localSecret(devVarsPath = ".dev.vars"): string | undefined {
  const fromEnv = process.env.AGENTMARK_WEBHOOK_SECRET?.trim();
  if (fromEnv) return fromEnv;
  if (!existsSync(devVarsPath)) return undefined;
  for (const line of readFileSync(devVarsPath, "utf8").split(/\r?\n/)) {
    const match = /^\s*AGENTMARK_WEBHOOK_SECRET\s*=\s*(.*)\s*$/.exec(line);
    if (match) return match[1]!.replace(/^["']|["']$/g, "").trim() || undefined;
  }
  return undefined;
}
