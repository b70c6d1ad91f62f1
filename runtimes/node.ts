/**
 * Node (≥ 22.18, which runs this TypeScript file as is): `npm run build && npm run start:node`.
 * Serves the one bundle with @hono/node-server on HOST:PORT (default 127.0.0.1:8787; set
 * HOST=0.0.0.0 in a container). Settings and secrets come from `process.env`. This is also
 * the entry for runners that need a process (the Claude Agent SDK spawns one).
 */
import { serve } from "@hono/node-server";
import app from "../dist/index.js";

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
