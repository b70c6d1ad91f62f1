/**
 * `npm run dev -- <options>` → what to start: the wrangler dev command line (our defaults
 * `--ip 127.0.0.1 --port 8787` only where the caller gave none) and the signing bridge
 * (`--bridge-port N`, `--no-bridge`; the rest goes to wrangler untouched).
 */
import { DEFAULT_BRIDGE_PORT } from "./signing-bridge";

export const DEFAULT_WORKER_PORT = 8787;

export interface DevPlan {
  wranglerArgs: string[];
  /** Where the bridge forwards to: the Worker as wrangler dev will serve it. */
  workerUrl: string;
  /** undefined: no bridge (`--no-bridge`). */
  bridgePort?: number;
  /** wrangler's `--env`, which picks `.dev.vars.<env>`. */
  env?: string;
  /** `--var NAME:VALUE` pairs: they override .dev.vars in the Worker, so in the bridge too. */
  vars: Record<string, string>;
}

/** The value of `--name value` or `--name=value` at `i`, and how many arguments it took. */
function optionAt(args: string[], i: number, names: string[]): { value: string; taken: number } | undefined {
  const arg = args[i]!;
  for (const name of names) {
    if (arg === name && i + 1 < args.length) return { value: args[i + 1]!, taken: 2 };
    if (arg.startsWith(`${name}=`)) return { value: arg.slice(name.length + 1), taken: 1 };
  }
  return undefined;
}

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be a port number (0-65535), got "${value}"`);
  return n;
}

export function planDev(argv: string[]): DevPlan {
  const passed: string[] = [];
  let bridgePort: number | undefined = DEFAULT_BRIDGE_PORT;
  let ip: string | undefined;
  let workerPort: number | undefined;
  let env: string | undefined;
  const vars: Record<string, string> = {};
  for (let i = 0; i < argv.length; ) {
    const arg = argv[i]!;
    if (arg === "--no-bridge") {
      bridgePort = undefined;
      i++;
      continue;
    }
    const bridge = optionAt(argv, i, ["--bridge-port"]);
    if (bridge) {
      bridgePort = port(bridge.value, "--bridge-port");
      i += bridge.taken;
      continue;
    }
    const ipOption = optionAt(argv, i, ["--ip"]);
    const portOption = optionAt(argv, i, ["--port"]);
    const envOption = optionAt(argv, i, ["--env", "-e"]);
    const varOption = optionAt(argv, i, ["--var"]);
    const option = ipOption ?? portOption ?? envOption ?? varOption;
    if (ipOption) ip = ipOption.value;
    if (portOption) workerPort = port(portOption.value, "--port");
    if (envOption) env = envOption.value;
    if (varOption) {
      const colon = varOption.value.indexOf(":");
      if (colon > 0) vars[varOption.value.slice(0, colon)] = varOption.value.slice(colon + 1);
    }
    const taken = option?.taken ?? 1;
    passed.push(...argv.slice(i, i + taken));
    i += taken;
  }
  const wranglerArgs = [
    "dev",
    ...(ip === undefined ? ["--ip", "127.0.0.1"] : []),
    ...(workerPort === undefined ? ["--port", String(DEFAULT_WORKER_PORT)] : []),
    ...passed,
  ];
  // Whatever interface wrangler listens on, the bridge reaches it over loopback unless the
  // caller bound one specific other address.
  const host = ip === undefined || ip === "0.0.0.0" || ip === "::" || ip === "localhost" ? "127.0.0.1" : ip.includes(":") ? `[${ip}]` : ip;
  return {
    wranglerArgs,
    workerUrl: `http://${host}:${workerPort ?? DEFAULT_WORKER_PORT}`,
    ...(bridgePort !== undefined ? { bridgePort } : {}),
    ...(env !== undefined ? { env } : {}),
    vars,
  };
}
