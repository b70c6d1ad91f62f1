/**
 * The type of the one bundle, `dist/index.js` (built by `npm run build` from `src/index.ts`),
 * which every entry in this folder serves. Declared here so the entries type-check before
 * the bundle exists.
 */
declare module "*/dist/index.js" {
  /** What a platform hands to `fetch` besides the request; Hono reads `waitUntil` from it. */
  interface ExecutionContextLike {
    waitUntil(promise: Promise<unknown>): void;
  }
  const app: {
    fetch(request: Request, env?: unknown, ctx?: ExecutionContextLike): Response | Promise<Response>;
    /** Settles once the work that outlives responses (alerts, trace export) is done. */
    drain(): Promise<void>;
  };
  export default app;
}
