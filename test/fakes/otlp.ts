/**
 * Fake OTLP/HTTP trace receiver: `POST /otlp/<id>/v1/traces` → 200 `{}` (the body, OTLP/JSON,
 * is recorded like every request, so tests read it back from `/_control/requests`).
 * `POST /otlp/fail-<id>/v1/traces` → 503, to show an export failure never reaches the caller.
 */
import { registerFakeRoute } from "./server";

registerFakeRoute((req, res) => {
  if (req.method !== "POST" || !req.url?.startsWith("/otlp/")) return false;
  if (req.url.startsWith("/otlp/fail-")) {
    res.writeHead(503, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "collector unavailable" }));
    return true;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end("{}");
  return true;
});
