/**
 * Serves the one bundle in workerd (Miniflare) on 127.0.0.1, like `wrangler dev` would
 * deploy it: the compatibility date and flags come from wrangler.toml, the environment
 * variables the webhook reads become bindings. Prints one `listening` line with the URL.
 *   node test/runtimes/serve/workerd.mjs dist/index.js
 */
import { readFileSync } from "node:fs";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { bindingsFromEnv, printListening } from "./common.mjs";

const [bundle = "dist/index.js"] = process.argv.slice(2);
const toml = readFileSync("wrangler.toml", "utf8");
const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
const compatibilityFlags = JSON.parse(/^compatibility_flags\s*=\s*(\[[^\]]*\])/m.exec(toml)?.[1] ?? "[]");

// Miniflare 5 takes a new options shape; the v4 one (documented, and what the probe used) converts.
const mf = new Miniflare(
  convertV4MiniflareOptions({
    host: "127.0.0.1",
    port: Number(process.env.PORT ?? 0),
    cf: false,
    log: new Log(LogLevel.WARN),
    modules: true,
    scriptPath: bundle,
    compatibilityDate,
    compatibilityFlags,
    bindings: bindingsFromEnv(),
  }),
);
const url = await mf.ready;
printListening(url.origin);

const stop = () => mf.dispose().finally(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
