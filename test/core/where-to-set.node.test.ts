/** Missing-setting messages name the place to set it on the runtime in use (Workers: http.test.ts). */
import { afterEach, describe, expect, it } from "vitest";
import { whereToSet } from "../../src/core/where-to-set";

const g = globalThis as Record<string, unknown>;

describe("whereToSet", () => {
  afterEach(() => {
    delete g.Deno;
    delete g.Bun;
    delete g.EdgeRuntime;
    delete process.env.VERCEL;
  });

  it("Node: an environment variable of the server process", () => {
    expect(whereToSet("OPENAI_API_KEY")).toBe("as an environment variable of the server process");
  });

  it("Deno: the environment variable, allowed in deno.json's --allow-env", () => {
    g.Deno = {};
    expect(whereToSet("ANTHROPIC_API_KEY")).toBe("as an environment variable, and add ANTHROPIC_API_KEY to the --allow-env list in deno.json (a name missing there reads as unset)");
  });

  it("Bun: the environment variable or .env", () => {
    g.Bun = {};
    expect(whereToSet("OPENAI_API_KEY")).toMatch(/^as an environment variable of the server process \(or in \.env/);
  });

  it("Vercel, Edge or Node functions: the project's environment variables", () => {
    g.EdgeRuntime = "edge-runtime";
    expect(whereToSet("OPENAI_API_KEY")).toBe("in the Vercel project's environment variables (`vercel env add OPENAI_API_KEY`)");
    delete g.EdgeRuntime;
    process.env.VERCEL = "1";
    expect(whereToSet("OPENAI_API_KEY")).toMatch(/Vercel project's environment variables/);
  });
});
