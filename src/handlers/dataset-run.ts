import { HttpError } from "../protocol/errors";

/** Experiments (dataset sources, sampling, concurrency, evals) are not built yet. */
export function handleDatasetRun(): never {
  throw new HttpError(
    501,
    "dataset-run is not implemented yet: this deployment has no experiment runner (dataset sources, sampling, bounded concurrency and eval scoring). prompt-run, get-evals and alert are available.",
  );
}
