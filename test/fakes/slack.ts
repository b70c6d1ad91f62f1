/** Fake Slack incoming webhook: `POST /slack/<anything>` → 200 `ok`, or 500 when configured to fail. */
import { registerFakeRoute } from "./server";

registerFakeRoute((req, res, _body, state) => {
  if (req.method !== "POST" || !req.url?.startsWith("/slack/")) return false;
  if (state.config.slackFails) {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end("invalid_payload");
    return true;
  }
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("ok");
  return true;
});
