/**
 * The type of the bundles built by `npm run build`: `dist/index.js` (the edge build, from
 * `src/index.ts`) and `dist/process.js` (the process build, from `src/process.ts`), which
 * the entries in this folder serve. Declared here so the entries type-check before the
 * bundles exist.
 */

/** What a platform hands to `fetch` besides the request; Hono reads `waitUntil` from it. */
interface AgentmarkExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

interface AgentmarkBundle {
  fetch(request: Request, env?: unknown, ctx?: AgentmarkExecutionContextLike): Response | Promise<Response>;
  /** Settles once the work that outlives responses (alerts, trace export) is done. */
  drain(): Promise<void>;
}

declare module "*/dist/index.js" {
  const app: AgentmarkBundle;
  export default app;
}

declare module "*/dist/process.js" {
  const app: AgentmarkBundle;
  export default app;
}
