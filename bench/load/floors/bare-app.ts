/** The bare floor (perf-baselines C1/C3w): Hono answering a fixed JSON, for cold starts. */
import { Hono } from "hono";

export function bareApp(): Hono {
  const app = new Hono();
  app.post("/", (c) => c.json({ ok: true }));
  return app;
}
