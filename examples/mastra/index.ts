/** The entry of a Mastra build: the webhook for examples/mastra/agentmark.config.ts. */
import { webhookEntry } from "../../src/entry";
import config from "./agentmark.config";

export default webhookEntry(config);
