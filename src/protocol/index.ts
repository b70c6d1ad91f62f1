export type { AgentEvent, AgentEventType, AgentUsage } from "./agent-events";
export { collectObject, collectText } from "./collect";
export { evalsEnvelope } from "./control-plane";
export { HttpError, normalizeError } from "./errors";
export { parseJob, WEBHOOK_JOB_TYPES } from "./events";
export type { AlertPayload, DatasetRunData, PromptRunData, WebhookJob, WebhookJobType } from "./events";
export { encodeLine, ndjsonResponse, ndjsonStream, STREAM_HEADERS } from "./ndjson";
export { finalizeUsage, usageToWire } from "./usage";
export * from "./wire";
