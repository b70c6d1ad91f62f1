/**
 * `readDevVars` must give the values wrangler dev gives the Worker. The oracle is wrangler
 * itself: `getPlatformProxy` builds the local Worker's bindings from the same files, so each
 * case is a temporary project whose variables are read both ways and compared.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { afterAll, describe, expect, it } from "vitest";
import { localSecret, readDevVars } from "../../scripts/lib/dev-vars";

const NAMES = ["AGENTMARK_WEBHOOK_SECRET", "A", "B", "C"];
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>, withSecretsTable: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "dev-vars-"));
  dirs.push(dir);
  const secrets = withSecretsTable ? `\n[secrets]\nrequired = ${JSON.stringify(NAMES)}\n` : "";
  writeFileSync(join(dir, "wrangler.toml"), `name = "dev-vars-oracle"\nmain = "worker.js"\ncompatibility_date = "2026-11-01"\n${secrets}`);
  writeFileSync(join(dir, "worker.js"), "export default { fetch: () => new Response('ok') };\n");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** What wrangler gives the Worker, with `extra` in the process environment meanwhile. */
async function wranglerSees(dir: string, extra: Record<string, string>, environment?: string): Promise<Record<string, string>> {
  const saved = { ...process.env };
  Object.assign(process.env, extra, { WRANGLER_LOG: "error", WRANGLER_SEND_METRICS: "false" });
  try {
    const proxy = await getPlatformProxy<Record<string, string>>({
      configPath: join(dir, "wrangler.toml"),
      persist: false,
      ...(environment ? { environment } : {}),
    });
    try {
      return Object.fromEntries(NAMES.filter((n) => typeof proxy.env[n] === "string").map((n) => [n, proxy.env[n]!]));
    } finally {
      await proxy.dispose();
    }
  } finally {
    process.env = saved;
  }
}

function oursSees(dir: string, extra: Record<string, string>, env?: string): Record<string, string> {
  const { vars } = readDevVars({ dir, processEnv: { ...process.env, ...extra }, ...(env ? { env } : {}) });
  return Object.fromEntries(NAMES.filter((n) => vars[n] !== undefined).map((n) => [n, vars[n]!]));
}

const cases: Array<{ name: string; files: Record<string, string>; secretsTable: boolean; processEnv: Record<string, string>; env?: string }> = [
  {
    name: ".dev.vars alone: comments, quotes, export, no expansion; the environment is ignored",
    files: {
      ".dev.vars": 'AGENTMARK_WEBHOOK_SECRET=s3cret-value # a comment\nexport A="quoted # not a comment"\nB=\'single ${A}\'\nC=${A}\n',
      ".env": "A=from-dotenv\n",
    },
    secretsTable: true,
    processEnv: { AGENTMARK_WEBHOOK_SECRET: "from-the-environment", A: "env-a" },
  },
  {
    name: "no .dev.vars: .env then .env.local, expanded, the environment winning ([secrets] declared)",
    files: { ".env": "AGENTMARK_WEBHOOK_SECRET=dotenv-secret\nA=one\nB=${A}-two\n", ".env.local": "A=local-one\nC=${B}!\n" },
    secretsTable: true,
    processEnv: { B: "env-b" },
  },
  {
    name: "no .dev.vars and no [secrets]: the environment is not included",
    files: { ".env": "A=only-file\n" },
    secretsTable: false,
    processEnv: { AGENTMARK_WEBHOOK_SECRET: "env-secret", A: "env-a" },
  },
  {
    name: "--env staging: .dev.vars.staging wins over .dev.vars",
    files: { ".dev.vars": "AGENTMARK_WEBHOOK_SECRET=default-secret\n", ".dev.vars.staging": "AGENTMARK_WEBHOOK_SECRET=staging-secret\nA=staged\n" },
    secretsTable: true,
    processEnv: {},
    env: "staging",
  },
];

describe("readDevVars reads local variables the way wrangler dev does", () => {
  it.each(cases)("$name", { timeout: 120_000 }, async ({ files, secretsTable, processEnv, env }) => {
    const dir = project(files, secretsTable);
    const expected = await wranglerSees(dir, processEnv, env);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(oursSees(dir, processEnv, env)).toEqual(expected);
  });
});

describe("localSecret", () => {
  it("is the secret wrangler gives the Worker, and notes an environment value wrangler ignores", () => {
    const dir = project({ ".dev.vars": "AGENTMARK_WEBHOOK_SECRET=from-file # comment\n" }, true);
    expect(localSecret({ dir, processEnv: { AGENTMARK_WEBHOOK_SECRET: "from-env" } })).toEqual({
      secret: "from-file",
      from: ".dev.vars",
      ignoredEnvironment: true,
    });
    expect(localSecret({ dir, processEnv: {} })).toEqual({ secret: "from-file", from: ".dev.vars" });
  });

  it("is absent, saying where it looked, when nothing sets it", () => {
    const dir = project({}, true);
    expect(localSecret({ dir, processEnv: {} })).toEqual({ from: "process environment" });
  });
});
