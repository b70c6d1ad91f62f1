import type { AgentUsage } from "./agent-events";

/** Usage as AgentMark sends it: canonical fields plus the legacy aliases (spec §5.1). */
export interface WireUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens?: number;
  promptTokens: number;
  completionTokens: number;
}

type LooseUsage = { inputTokens?: number | null; outputTokens?: number | null; totalTokens?: number | null };

/**
 * `totalTokens ??= inputTokens + outputTokens`; missing counts are 0 (finalize-usage.json).
 * Undefined when no usage was reported at all (no object, or every count missing).
 */
export function finalizeUsage(usage: LooseUsage | null | undefined): AgentUsage | undefined {
  if (usage === null || usage === undefined) return undefined;
  if (usage.inputTokens == null && usage.outputTokens == null && usage.totalTokens == null) return undefined;
  const inputTokens = usage.inputTokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage.totalTokens ?? inputTokens + outputTokens };
}

/**
 * `totalTokens` passes through only when present: no zero-fill on the wire. Key order as on
 * the platform's wire: inputTokens, outputTokens, totalTokens, promptTokens, completionTokens.
 */
export function usageToWire(usage: AgentUsage): WireUsage {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    ...(usage.totalTokens !== undefined ? { totalTokens: usage.totalTokens } : {}),
    promptTokens: usage.inputTokens,
    completionTokens: usage.outputTokens,
  };
}
