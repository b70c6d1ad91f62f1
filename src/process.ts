/**
 * The process build's entry (`dist/process.js`, served by runtimes/node.ts and
 * runtimes/bun.ts): the same app as src/index.ts with the runners of
 * src/agentmark.process.config.ts (the edge config plus runners that need an OS process),
 * and `POST /runner`, through which an edge deployment hands prompts to those runners
 * (the remote-runner protocol, src/runners/remote/protocol.ts).
 */
import config from "./agentmark.process.config";
import { createApp } from "./app";
import { acceptRemoteRuns } from "./handlers/remote-runner";
import { servable } from "./serve";

export default servable(acceptRemoteRuns(createApp(config), config.runners));
