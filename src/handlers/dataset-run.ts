/** `dataset-run`: run the prompt over a dataset with evals; always streamed. */
import type { DatasetRunData } from "../protocol/events";
import { startExperiment, type ExperimentDeps } from "../experiments/run-experiment";
import { ndjsonResponse } from "./ndjson-response";

export async function handleDatasetRun(data: DatasetRunData, deps: ExperimentDeps): Promise<Response> {
  const experiment = await startExperiment(data, deps);
  return ndjsonResponse(experiment.lines, (reason) => experiment.cancel(reason));
}
