/** Fake Slack incoming webhook: `POST /slack/<id>` → 200 `ok`; `POST /slack/fail-<id>` → 500 `invalid_payload` (Slack's text). */
import { registerFakeRoute } from "./server";

registerFakeRoute((req, res) => {
  if (req.method !== "POST" || !req.url?.startsWith("/slack/")) return false;
  if (req.url.startsWith("/slack/fail-")) {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end("invalid_payload");
    return true;
  }
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("ok");
  return true;
});
