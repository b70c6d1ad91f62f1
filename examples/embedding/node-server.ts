/**
 * A plain Node HTTP server that keeps its own routes and serves the AgentMark webhook on
 * /agentmark. Run: `npm run build && node examples/embedding/node-server.ts` (Node ≥ 22.18),
 * then POST signed jobs to http://127.0.0.1:3000/agentmark.
 * It uses the built bundle (dist/index.js, whose default export is the handler), so Node
 * needs no loader for the config's bundled `.jsonl` datasets.
 */
import { createServer, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";

interface Webhook {
  webhook(request: Request): Promise<Response>;
}

export function createAppServer(agentmark: Webhook): Server {
  // Turns Node's (req, res) into a Web Request for the webhook and streams its Response back;
  // a client that disconnects aborts the request's signal, which stops the run.
  const serveWebhook = getRequestListener((request) => agentmark.webhook(request));
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/agentmark") return void serveWebhook(req, res);
    res.writeHead(200, { "content-type": "text/plain" }).end("my server");
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { default: agentmark } = await import("../../dist/index.js");
  createAppServer(agentmark).listen(3000, "127.0.0.1", () => console.log("listening on http://127.0.0.1:3000 (webhook: /agentmark)"));
}
