/**
 * The one bundle's entry: the webhook for `src/agentmark.config.ts` (see `entry.ts`).
 * Another configuration gets its own entry, e.g. examples/mastra/index.ts.
 */
import config from "./agentmark.config";
import { webhookEntry } from "./entry";

export default webhookEntry(config);
