/** The one bundle's entry: a Fetch handler (`export default { fetch }`) for every runtime. */
import config from "./agentmark.config";
import { createApp } from "./app";

export default createApp(config);
