/** Errors → statuses, in the one table of handlers/errors.ts. */
import { describe, expect, it } from "vitest";
import { ConfigurationError, MissingSettingError } from "../../src/core/errors";
import { DatasetError } from "../../src/experiments/rows";
import { SamplingError } from "../../src/experiments/sampling";
import { HttpError, toHttpError } from "../../src/handlers/errors";
import { compile } from "../../src/prompt";
import { InvalidJobError, RunFailedError } from "../../src/protocol/errors";

function promptError(): unknown {
  try {
    compile(42, {});
  } catch (err) {
    return err;
  }
  throw new Error("compile(42) did not throw");
}

describe("toHttpError", () => {
  it.each([
    ["an invalid job", new InvalidJobError("Invalid request body: expected a JSON object"), 400, "Invalid request body: expected a JSON object"],
    ["a prompt that does not compile", promptError(), 400, (promptError() as Error).message],
    ["bad sampling", new SamplingError("Seed must be a finite number"), 400, "Invalid sampling: Seed must be a finite number"],
    ["a configuration problem", new ConfigurationError("No runner serves model"), 500, "No runner serves model"],
    ["a missing setting", new MissingSettingError("OPENAI_API_KEY"), 500, new MissingSettingError("OPENAI_API_KEY").message],
    ["a dataset that cannot be read", new DatasetError("Dataset x is empty"), 500, "Dataset x is empty"],
    ["a failed one-shot run", new RunFailedError("Rate limit reached"), 500, "Rate limit reached"],
    ["anything else", { error: { message: "nested" } }, 500, "nested"],
  ] as const)("%s → %i", (_what, err, status, message) => {
    expect(toHttpError(err)).toMatchObject({ status, message });
  });

  it("an HttpError keeps its status", () => {
    const err = new HttpError(413, "too large");
    expect(toHttpError(err)).toBe(err);
  });
});
