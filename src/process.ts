/**
 * The process build's entry (`npm run build:process` → dist/index.js for Node, Bun and Deno,
 * served by the same runtimes/ entries): the webhook for src/agentmark.process.config.ts (the
 * edge config plus runners that need an OS process), and `POST /runner`, through which an edge
 * deployment hands prompts to those runners (the remote-runner protocol, src/protocol/remote-run.ts).
 */
import config from "./agentmark.process.config";
import { webhookEntry } from "./entry";
import { acceptRemoteRuns } from "./handlers/remote-runner";

export default acceptRemoteRuns(webhookEntry(config), config);
