/**
 * Every setting the code reads is documented (the settings table of docs/configuration.md, .dev.vars.example)
 * and readable under Deno's narrowed permissions (deno.json `--allow-env=<names>`): a variable
 * added to the code without the other three fails here instead of in a user's deployment.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SETTING = /\b(AGENTMARK_[A-Z0-9_]+|OPENAI_[A-Z0-9_]+|OTEL_EXPORTER_[A-Z0-9_]+|ALERT_[A-Z0-9_]+|DATASETS_R2_BINDING|ANTHROPIC_API_KEY)\b/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const read = sources("src").map((path) => readFileSync(path, "utf8")).join("\n");
const names = [...new Set([...read.matchAll(SETTING)].map((m) => m[1]!))]
  // Not settings: a constant's name and the prefix of the AI SDK metadata attribute.
  .filter((name) => !["AGENTMARK_META"].includes(name))
  .sort();

describe("settings the code reads", () => {
  it("are found", () => {
    expect(names).toContain("AGENTMARK_WEBHOOK_SECRET");
    expect(names.length).toBeGreaterThan(10);
  });

  it.each(names)("%s is allowed by deno.json, documented in docs/configuration.md and in .dev.vars.example", (name) => {
    const allowEnv = /--allow-env=([A-Z0-9_,]+)/.exec(readFileSync("deno.json", "utf8"))?.[1]?.split(",") ?? [];
    expect(allowEnv).toContain(name);
    expect(readFileSync("docs/configuration.md", "utf8")).toContain(name);
    expect(readFileSync(".dev.vars.example", "utf8")).toContain(name);
  });
});
