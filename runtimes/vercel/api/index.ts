/**
 * Vercel Function (Node.js runtime on Fluid compute, Vercel's default). `vercel.json` in
 * this folder rewrites every path here and builds the one bundle first; set the project's
 * Root Directory to `runtimes/vercel`. Settings and secrets: Vercel environment variables.
 *
 * The handler is a Web handler `(request, context)`: Vercel's `context.waitUntil` is passed
 * to the app as its ExecutionContext, so alert delivery and telemetry finish after the
 * response. (`handle` from `hono/vercel` would drop that context, and Hono 4.13 deprecates it.)
 *
 * To run on Vercel's Edge runtime instead, add: export const config = { runtime: "edge" };
 */
import app from "../../../dist/index.js";

export interface VercelContext {
  waitUntil(promise: Promise<unknown>): void;
}

function handler(request: Request, context?: VercelContext): Response | Promise<Response> {
  return app.fetch(request, {}, context);
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as HEAD, handler as OPTIONS };
