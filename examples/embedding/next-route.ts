/**
 * A Next.js App Router route handler: save as app/api/agentmark/route.ts (adjust the import
 * paths) and enter https://<your host>/api/agentmark as the webhook URL in AgentMark.
 * `webhook` serves the signed endpoint at whatever path the route has. Runs on Next's Node.js
 * runtime (the default) or, with `export const runtime = "edge"`, on the Edge runtime.
 * The config bundles datasets as text: see docs/embedding.md for the `.jsonl` rule in next.config.
 */
import config from "../../src/agentmark.config";
import { createWebhookHandler } from "../../src/webhook-handler";

const agentmark = createWebhookHandler(config);

// Never cached or prerendered: every request is a job.
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return agentmark.webhook(request);
}
