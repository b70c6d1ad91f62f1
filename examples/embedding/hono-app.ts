/**
 * An existing Hono app with the AgentMark webhook mounted under /agentmark:
 *   POST /agentmark (and /agentmark/execute) — signed jobs; GET /agentmark/health.
 * Enter https://<your host>/agentmark as the webhook URL in AgentMark.
 */
import { Hono } from "hono";
import config from "../../src/agentmark.config";
import { createWebhookHandler } from "../../src/webhook-handler";

const agentmark = createWebhookHandler(config);

export const app = new Hono();
app.get("/", (c) => c.text("my app"));
// `mount` strips the prefix and passes the platform's env and ExecutionContext through.
app.mount("/agentmark", agentmark.fetch);

export default app;
