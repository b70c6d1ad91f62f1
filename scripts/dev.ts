/**
 * npm run dev [-- <wrangler dev options>] [--bridge-port N | --no-bridge]
 *
 * The local Worker: `wrangler dev --ip 127.0.0.1 --port 8787` (your own `--ip`/`--port` and
 * every other option go to wrangler as given). Next to it, for AgentMark's CLI, the signing
 * bridge on http://localhost:9417, the CLI's default server: it signs each job with the
 * secret the local Worker uses and forwards it (docs/agentmark-cli.md). The Worker itself
 * still refuses every unsigned request. wrangler runs on a copy of wrangler.toml that lets every
 * variable of .dev.vars through (lib/dev-config.ts).
 */
import { spawn } from "node:child_process";
import { dirname } from "node:path";
import { MIN_SECRET_LENGTH, webhookSecretStatus } from "../src/runtime/webhook-secret";
import { splitConfigArgument, writeDevConfig } from "./lib/dev-config";
import { planDev } from "./lib/dev-plan";
import { localSecret } from "./lib/dev-vars";
import { startSigningBridge, type RunningBridge } from "./lib/signing-bridge";

const NO_SECRET =
  "The signing bridge has no secret to sign with: put AGENTMARK_WEBHOOK_SECRET in .dev.vars (cp .dev.vars.example .dev.vars), then run the command again.";

/** The Worker refuses every webhook call without a usable secret: say so before it starts. */
function adviseOnSecret(dir: string, env: string | undefined): void {
  const { secret, from } = localSecret({ dir, ...(env ? { env } : {}) });
  const advice = {
    missing: `AGENTMARK_WEBHOOK_SECRET is not set (looked in ${from}): cp .dev.vars.example .dev.vars and set it, or every webhook call is refused (500).`,
    refused: `AGENTMARK_WEBHOOK_SECRET in ${from} is still the example placeholder: set your own, or every webhook call is refused (500).`,
    weak: `AGENTMARK_WEBHOOK_SECRET in ${from} is shorter than ${MIN_SECRET_LENGTH} characters: fine for a try, not for a deployment.`,
    configured: undefined,
  }[webhookSecretStatus({ AGENTMARK_WEBHOOK_SECRET: secret }).state];
  if (advice) console.warn(advice);
}

async function main(): Promise<number> {
  const { config, rest } = splitConfigArgument(process.argv.slice(2));
  const plan = planDev(rest);
  const devConfig = writeDevConfig({ ...(config !== undefined ? { config } : {}), ...(plan.env !== undefined ? { env: plan.env } : {}) });
  adviseOnSecret(dirname(devConfig.path), plan.env);
  const wrangler = spawn("node_modules/.bin/wrangler", [...plan.wranglerArgs, "--config", devConfig.path], { stdio: "inherit" });
  const exited = new Promise<number>((resolve) => wrangler.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));

  let bridge: RunningBridge | undefined;
  if (plan.bridgePort !== undefined) {
    const secret = () => plan.vars.AGENTMARK_WEBHOOK_SECRET?.trim() || localSecret(plan.env ? { env: plan.env } : {}).secret;
    const maxBodyBytes = Number(plan.vars.AGENTMARK_MAX_BODY_BYTES) || undefined;
    try {
      bridge = await startSigningBridge({
        target: plan.workerUrl,
        port: plan.bridgePort,
        secret,
        missingSecretHint: NO_SECRET,
        ...(maxBodyBytes ? { maxBodyBytes } : {}),
        log: (line) => console.error(line),
      });
      console.log(
        `[bridge] AgentMark CLI bridge on ${bridge.url} → ${plan.workerUrl} (signs with the local AGENTMARK_WEBHOOK_SECRET; loopback only, never expose it)`,
      );
      if (!secret()) console.error(`[bridge] ${NO_SECRET}`);
    } catch (err) {
      const code = (err as { code?: string }).code;
      console.error(
        code === "EADDRINUSE"
          ? `[bridge] port ${plan.bridgePort} is in use (is \`agentmark dev\` running?): the AgentMark CLI bridge is off. Free the port or pass --bridge-port N (and --server http://localhost:N to the CLI).`
          : `[bridge] could not start: ${(err as Error).message}`,
      );
    }
  }

  // Ctrl-C reaches wrangler directly (same terminal); a SIGTERM to this process is passed on.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (wrangler.exitCode === null) wrangler.kill(signal);
    });
  }
  const code = await exited;
  devConfig.close();
  await bridge?.close();
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
