/** `dataset-run`: run the prompt over a dataset with evals; always streamed. */
export { startExperiment as handleDatasetRun } from "../experiments/run-experiment";
