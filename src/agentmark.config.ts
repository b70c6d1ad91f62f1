/**
 * What you edit to make this webhook yours.
 *
 * - `runners`: who runs which `model_name`. `local/*` is the built-in offline model.
 * - `evals`: scorers for dataset runs, by name (listed by `get-evals`).
 * - `alerts.onAlert`: your code for fired/resolved alerts (Slack is built in:
 *   set ALERT_SLACK_WEBHOOK_URL).
 */
import { defineConfig } from "./config";
import { createLocalRunner } from "./runners/local";

export default defineConfig({
  runners: [createLocalRunner()],
  evals: {},
  alerts: {
    onAlert: undefined,
  },
});
