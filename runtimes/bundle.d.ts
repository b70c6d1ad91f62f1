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
  /** src/webhook-handler.ts's `RunOptions`. */
  interface RunOptions {
    env?: Record<string, unknown>;
    signal?: AbortSignal;
    waitUntil?: (promise: Promise<unknown>) => void;
  }
  const app: {
    fetch(request: Request, env?: unknown, ctx?: ExecutionContextLike): Response | Promise<Response>;
    /** The signed endpoint alone, at whatever path it is mounted. */
    webhook(request: Request, env?: unknown, ctx?: ExecutionContextLike): Promise<Response>;
    /** The `data` of a prompt-run / dataset-run job, run without a signature check (your own code only). */
    runPrompt(data: { ast: Record<string, unknown>; customProps?: unknown; promptPath?: string; options?: { shouldStream?: boolean } }, options?: RunOptions): Promise<Response>;
    runExperiment(data: { ast: Record<string, unknown>; datasetPath?: string; experimentId?: string; sampling?: Record<string, unknown>; concurrency?: number }, options?: RunOptions): Promise<Response>;
    /** Settles once the work that outlives responses (alerts, trace export) is done. */
    drain(): Promise<void>;
  };
  export default app;
}
