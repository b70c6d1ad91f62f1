/**
 * The Claude Agent SDK runner passes the runner conformance suite: the real SDK and Claude
 * Code executable against the fake Anthropic API on 127.0.0.1 (test/fakes/anthropic.ts).
 * Where Claude Code differs by design, the suite is told: its own error texts, and a run
 * that reaches max_calls ends with Claude Code's max-turns error (issue #11) instead of a finish.
 */
import { describe, inject } from "vitest";
import { createClaudeAgentRunner } from "../../../src/runners/claude-agent";
import { describeRunnerConformance, type Behaviour } from "../../conformance/runner-conformance";

const origin = inject("fakesOrigin");
const key = "sk-ant-conformance-0123456789";

const FLAGS: Record<Behaviour, string> = {
  ok: "claude-fake",
  slow: "claude-fake+slow-tokens",
  "fail-400": "claude-fake+fail-400",
  "fail-401": "claude-fake+fail-401",
  "fail-500": "claude-fake+fail-500",
  cut: "claude-fake+cut-stream",
};

describe.skipIf(!inject("claudeSdkDir"))("with the Claude Agent SDK installed", () => {
  describeRunnerConformance({
  name: "claude-agent (Claude Agent SDK)",
  create: ({ tools }) => createClaudeAgentRunner({ tools, sdkDir: inject("claudeSdkDir") }),
  model: (behaviour) => `claude/${FLAGS[behaviour]}`,
  env: { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: `${origin}/anthropic` },
  upstream: {
    origin,
    secret: key,
    errors: {
      "fail-400": /^API Error: 400 max_tokens: must be less than or equal to 64000/,
      "fail-401": /Invalid API key/,
      "fail-500": /^API Error: 500 Internal server error/,
    },
  },
  maxCallsError: /maximum number of turns \(1\)/,
  // Claude Code may drop deltas it has not forwarded yet when the connection breaks; the
  // runner's own handling of a cut is tested deterministically in runner.node.test.ts.
  cutMayDropDeltas: true,
  timeout: 60_000,
});
});
