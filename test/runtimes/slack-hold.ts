/**
 * The Slack webhook of the runtime matrix: `POST /runtimes/slack-hold/<runtime>` is held open
 * until the test releases it, so a case can tell facts apart without timing ("the 202 came
 * while the delivery was still open", "the process waited for the delivery").
 *   GET  /runtimes/held      deliveries still open (path + body)
 *   POST /runtimes/release   body = marker: answers the held deliveries whose body contains it → {released: n}
 *   GET  /runtimes/answered  deliveries answered with the connection still open
 * A delivery whose client goes away while held is recorded in `/_control/aborted` (its path).
 */
import type { ServerResponse } from "node:http";
import { registerFakeRoute } from "../fakes/server";
import { HOLD_PREFIX } from "./cases";

interface Delivery {
  path: string;
  body: string;
}

const held = new Map<Delivery, ServerResponse>();
const answered: Delivery[] = [];

function json(res: ServerResponse, value: unknown): true {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
  return true;
}

registerFakeRoute((req, res, body, state) => {
  if (req.url === "/runtimes/held") return json(res, [...held.keys()]);
  if (req.url === "/runtimes/answered") return json(res, answered);
  if (req.method === "POST" && req.url === "/runtimes/release") {
    let released = 0;
    for (const [delivery, open] of held) {
      if (!delivery.body.includes(body)) continue;
      held.delete(delivery);
      if (open.destroyed) {
        state.aborted.push(delivery.path);
        continue;
      }
      released++;
      open.writeHead(200, { "content-type": "text/plain" });
      open.end("ok", () => answered.push(delivery));
    }
    return json(res, { released });
  }
  if (req.method !== "POST" || !req.url?.startsWith(HOLD_PREFIX)) return false;
  const delivery: Delivery = { path: req.url, body };
  const gone = () => {
    if (!held.delete(delivery)) return;
    state.aborted.push(delivery.path);
  };
  held.set(delivery, res);
  if (res.destroyed) gone();
  else res.once("close", gone);
  return true;
});
