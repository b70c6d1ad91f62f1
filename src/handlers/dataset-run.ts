/** `dataset-run`: run the prompt over a dataset with evals; always streamed. */
import type { DatasetRunData } from "../protocol/events";
import { resolveTimeouts } from "../core/limits";
import { startExperiment, type ExperimentDeps } from "../experiments/run-experiment";
import type { RequestSummary } from "../runtime/request-summary";
import { ndjsonResponse } from "./ndjson-response";

export async function handleDatasetRun(data: DatasetRunData, deps: ExperimentDeps & { summary?: RequestSummary }): Promise<Response> {
  const experiment = await startExperiment(data, deps);
  deps.summary?.describe({ prompt: experiment.prompt, model: experiment.model });
  const { heartbeatMs } = resolveTimeouts(deps.config.limits?.timeouts);
  return ndjsonResponse(experiment.lines, (reason) => experiment.cancel(reason), deps.summary, heartbeatMs);
}
