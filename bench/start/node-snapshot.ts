/**
 * The Node entry from a V8 startup snapshot (`node --snapshot-blob <blob> --build-snapshot`),
 * for bench/cold-start-options.ts only: the bundle (`dist/index.js`, re-bundled as one CommonJS
 * script, which snapshots require) is evaluated when the snapshot is built, so a start only
 * deserialises the heap. @hono/node-server is loaded after deserialisation: Node cannot snapshot
 * its HTTP modules. Not a supported way to run the webhook (docs/performance.md says why).
 */
import { startupSnapshot } from "node:v8";
import app from "../../dist/index.js";

function serveWebhook(): void {
  const { serve } = require("@hono/node-server") as typeof import("@hono/node-server");
  serve({ fetch: app.fetch, hostname: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 8787) });
}

if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.setDeserializeMainFunction(serveWebhook);
else serveWebhook();
