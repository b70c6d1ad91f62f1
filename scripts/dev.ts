/**
 * npm run dev [-- <wrangler dev options>] [--bridge-port N | --no-bridge]
 *
 * The local Worker: `wrangler dev --ip 127.0.0.1 --port 8787` (your own `--ip`/`--port` and
 * every other option go to wrangler as given). Next to it, for AgentMark's CLI, the signing
 * bridge on http://localhost:9417, the CLI's default server: it signs each job with the
 * secret the local Worker uses and forwards it (docs/agentmark-cli.md). The Worker itself
 * still refuses every unsigned request.
 */
import { spawn } from "node:child_process";
import { localSecret } from "./lib/dev-vars";
import { planDev } from "./lib/dev-plan";
import { startSigningBridge, type RunningBridge } from "./lib/signing-bridge";

const NO_SECRET =
  "The signing bridge has no secret to sign with: put AGENTMARK_WEBHOOK_SECRET in .dev.vars (cp .dev.vars.example .dev.vars), then run the command again.";

async function main(): Promise<number> {
  const plan = planDev(process.argv.slice(2));
  const wrangler = spawn("node_modules/.bin/wrangler", plan.wranglerArgs, { stdio: "inherit" });
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
