/**
 * What the process build (Node, Bun: `npm run build` → dist/process.js) adds to
 * src/agentmark.config.ts: runners that need an OS process. Everything else (evals,
 * datasets, alerts, the edge runners) comes from that file. The edge build never imports
 * this one.
 */
import edge from "./agentmark.config";
import { defineProcessConfig } from "./process-config";

export default defineProcessConfig(edge, {
  runners: [],
});
