/** The built-in local model passes the runner conformance suite (inside workerd). */
import { createLocalRunner } from "../../../src/runners/local";
import { describeRunnerConformance } from "../../conformance/runner-conformance";

describeRunnerConformance({
  name: "local",
  create: () => createLocalRunner(),
  model: (behaviour) => ({ ok: "local/echo", slow: "local/slow" } as Partial<Record<string, string>>)[behaviour],
  env: {},
});
