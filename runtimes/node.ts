/**
 * Node: `npm run build && npm run start:node`. The build compiles this file to `dist/node.js`,
 * which `start:node` runs: plain JavaScript, so Node does not load its TypeScript stripper at
 * every start (~40 ms); `node runtimes/node.ts` works too (Node ≥ 22.18).
 * Serves the one bundle with @hono/node-server on HOST:PORT (default 127.0.0.1:8787; set
 * HOST=0.0.0.0 in a container). Settings and secrets come from `process.env`. This is also
 * the entry for runners that need a process (the Claude Agent SDK spawns one).
 */
import { enableCompileCache } from "node:module";

// V8's compiled code for the bundle and @hono/node-server, kept between starts (in the OS temp
// directory; NODE_COMPILE_CACHE=<dir> moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off): a
// restart on the same host skips parsing and compiling ~1.2 MB of JavaScript. It must be on
// before those modules load, hence the dynamic imports.
enableCompileCache();
const [{ serve }, { default: app }] = await Promise.all([import("@hono/node-server"), import("../dist/index.js")]);

const hostname = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 8787);

const server = serve({ fetch: app.fetch, hostname, port }, (info) => {
  console.log(JSON.stringify({ level: "info", event: "listening", url: `http://${info.address}:${info.port}` }));
});

// Stop accepting connections, let open streams finish, then the work they left behind
// (alert delivery, trace export), then exit; give up after SHUTDOWN_DEADLINE_MS.
const SHUTDOWN_DEADLINE_MS = 25_000;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    new Promise<void>((resolve) => server.close(() => resolve()))
      .then(() => {
        console.log(JSON.stringify({ level: "info", event: "shutdown", waiting: "background work" }));
        return app.drain();
      })
      .then(() => process.exit(0));
  });
}
