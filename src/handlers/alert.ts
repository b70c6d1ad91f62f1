/** `alert`: acknowledge at once (202), deliver to the sinks after the response. */
import { deliverAlert, type AlertSinkDeps } from "../alerts/deliver";
import type { AlertPayload } from "../protocol/events";
import type { WaitUntil } from "../runtime/wait-until";

export function handleAlert(alert: AlertPayload, deps: AlertSinkDeps, waitUntil: WaitUntil): Response {
  waitUntil(deliverAlert(alert, deps));
  return Response.json({ ok: true }, { status: 202 });
}
