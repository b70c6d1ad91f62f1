/**
 * The webhook without the Vercel AI SDK runner: the local model only, no tools. Not a
 * configuration to deploy; bench/cold-start-options.ts builds it to show what the start costs
 * without the SDK's code in the bundle (zod, the compiler, the protocol and the app remain).
 */
import { defineConfig } from "../../src/config";
import { webhookEntry } from "../../src/entry";
import { builtinEvals } from "../../src/experiments/builtin-evals";
import { createLocalRunner } from "../../src/runners/local";

export default webhookEntry(defineConfig({ runners: [createLocalRunner({ tools: {} })], evals: { ...builtinEvals } }));
