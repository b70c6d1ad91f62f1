/**
 * Bun: `npm run build && bun runtimes/bun.ts` (or `bun run start:bun`). Serves the one
 * bundle with `Bun.serve` on HOST:PORT (default 127.0.0.1:8787). Settings and secrets come
 * from `process.env` (Bun also loads `.env`). Never `bun run dist/index.js` directly: a
 * default export with `fetch` makes Bun start its own server on all interfaces, port 3000.
 */
import app from "../dist/index.js";

declare const Bun: {
  serve(options: {
    hostname: string;
    port: number;
    idleTimeout: number;
    fetch: (request: Request) => Response | Promise<Response>;
  }): { url: URL; stop(closeActiveConnections?: boolean): Promise<void> };
};

const server = Bun.serve({
  hostname: process.env.HOST ?? "127.0.0.1",
  port: Number(process.env.PORT ?? 8787),
  // Seconds a connection may stay silent (max 255). A model can think for a while before
  // its first token, and Bun's default of 10 s would cut the stream.
  idleTimeout: 255,
  fetch: (request) => app.fetch(request),
});
console.log(JSON.stringify({ level: "info", event: "listening", url: server.url.origin }));

// Stop accepting connections, let open streams finish, then the work they left behind
// (alert delivery, trace export), then exit; give up after SHUTDOWN_DEADLINE_MS.
const SHUTDOWN_DEADLINE_MS = 25_000;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    server
      .stop()
      .then(() => {
        console.log(JSON.stringify({ level: "info", event: "shutdown", waiting: "background work" }));
        return app.drain();
      })
      .then(() => process.exit(0));
  });
}
