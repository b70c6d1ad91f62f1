/**
 * The edge build's entry (`dist/index.js`): a Fetch handler (`export default { fetch }`) for
 * every runtime, with the runners of src/agentmark.config.ts. The process build
 * (src/process.ts) extends it for Node and Bun.
 */
import config from "./agentmark.config";
import { createApp } from "./app";
import { servable } from "./serve";

export default servable(createApp(config));
