import type { AgentmarkConfig } from "../config";
import { evalsEnvelope } from "../protocol/control-plane";

export function handleGetEvals(config: AgentmarkConfig): Response {
  return Response.json(evalsEnvelope(Object.keys(config.evals ?? {})));
}
