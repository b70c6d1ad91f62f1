/**
 * What you edit to make this webhook yours.
 *
 * - `runners`: who runs which `model_name`. `local/*` is the built-in offline model.
 * - `evals`: scorers for dataset runs, by name (listed by `get-evals`). The built-ins are
 *   exact_match, contains, json_match and regex (src/experiments/builtin-evals.ts).
 * - `datasets`: JSONL datasets bundled into the Worker, by the path prompts use.
 * - `alerts.onAlert`: your code for fired/resolved alerts (Slack is built in:
 *   set ALERT_SLACK_WEBHOOK_URL).
 */
import echoCheck from "../datasets/echo-check.jsonl";
import { defineConfig } from "./config";
import { builtinEvals } from "./experiments/builtin-evals";
import { createLocalRunner } from "./runners/local";

export default defineConfig({
  runners: [createLocalRunner()],
  evals: {
    ...builtinEvals,
  },
  datasets: {
    "datasets/echo-check.jsonl": echoCheck,
  },
  alerts: {
    onAlert: undefined,
  },
});
