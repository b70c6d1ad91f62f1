/**
 * Where a missing setting goes on the runtime this bundle is running on, for error messages
 * that say exactly what to do ("OPENAI_API_KEY is not configured: set it …").
 */
type Globals = {
  navigator?: { userAgent?: string };
  Deno?: unknown;
  Bun?: unknown;
  EdgeRuntime?: unknown;
  process?: { env?: Record<string, string | undefined> };
};

function onVercel(g: Globals): boolean {
  if (typeof g.EdgeRuntime === "string") return true;
  return g.process?.env?.VERCEL === "1";
}

export function whereToSet(name: string): string {
  const g = globalThis as Globals;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return `locally in .dev.vars (npm run dev), and for the deployed Worker with \`wrangler secret put ${name}\``;
  if (g.Deno !== undefined) return `as an environment variable, and add ${name} to the --allow-env list in deno.json (a name missing there reads as unset)`;
  if (g.Bun !== undefined) return `as an environment variable of the server process (or in .env, which Bun loads)`;
  if (onVercel(g)) return `in the Vercel project's environment variables (\`vercel env add ${name}\`)`;
  return `as an environment variable of the server process`;
}
