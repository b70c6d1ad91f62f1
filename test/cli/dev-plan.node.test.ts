/** `npm run dev -- <options>`: what reaches wrangler and where the bridge listens and forwards. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planDev } from "../../scripts/lib/dev-plan";
import { DEFAULT_BRIDGE_PORT } from "../../scripts/lib/signing-bridge";

describe("planDev", () => {
  it("defaults: wrangler dev on 127.0.0.1:8787, the bridge on 9417", () => {
    expect(planDev([])).toEqual({
      wranglerArgs: ["dev", "--ip", "127.0.0.1", "--port", "8787"],
      workerUrl: "http://127.0.0.1:8787",
      bridgePort: 9417,
      vars: {},
    });
  });

  it("`--port N` replaces the default port instead of repeating it, in both spellings", () => {
    expect(planDev(["--port", "18711"]).wranglerArgs).toEqual(["dev", "--ip", "127.0.0.1", "--port", "18711"]);
    expect(planDev(["--port=18711"]).wranglerArgs).toEqual(["dev", "--ip", "127.0.0.1", "--port=18711"]);
    expect(planDev(["--port", "18711"]).workerUrl).toBe("http://127.0.0.1:18711");
  });

  it("passes every other option to wrangler and keeps its own out", () => {
    const plan = planDev(["--bridge-port", "19417", "--ip", "0.0.0.0", "--var", "AGENTMARK_WEBHOOK_SECRET:s:with:colons", "-e", "staging", "--live-reload"]);
    expect(plan.wranglerArgs).toEqual(["dev", "--port", "8787", "--ip", "0.0.0.0", "--var", "AGENTMARK_WEBHOOK_SECRET:s:with:colons", "-e", "staging", "--live-reload"]);
    expect(plan.bridgePort).toBe(19417);
    expect(plan.workerUrl).toBe("http://127.0.0.1:8787"); // all interfaces include loopback
    expect(plan.vars).toEqual({ AGENTMARK_WEBHOOK_SECRET: "s:with:colons" });
    expect(plan.env).toBe("staging");
    expect(planDev(["--no-bridge"]).bridgePort).toBeUndefined();
    expect(() => planDev(["--bridge-port", "many"])).toThrow('--bridge-port must be a port number (0-65535), got "many"');
  });

  it("the bridge's default is the AgentMark CLI's default server, so the CLI needs no --server", () => {
    // @agentmark/cli 2.1.1: `const server = options.server || 'http://localhost:9417'` in both commands.
    for (const command of ["run-prompt", "run-experiment"]) {
      const source = readFileSync(`node_modules/@agentmark/cli/dist/commands/${command}.js`, "utf8");
      expect(source).toContain(`options.server || 'http://localhost:${DEFAULT_BRIDGE_PORT}'`);
    }
  });
});
