/**
 * From a prompt's kind to the runner's method: the one place that does it. The handlers
 * and experiments call `startRun`; a runner's own code (a fallback to another runner) too.
 */
import { ConfigurationError } from "../core/errors";
import type { CompiledPrompt, PromptKind } from "../prompt/types";
import { RunDeadline } from "./deadline";
import { checkRunLimits } from "./run-limits";
import { METHOD_OF_KIND, type AgentEvent, type GeneratedImage, type GeneratedSpeech, type RunContext, type Runner, type RunnerMethods } from "./types";

/** What starting a run gives back, per kind: events for text/object, a promise for media. */
export interface RunOutput {
  text: AsyncIterable<AgentEvent>;
  object: AsyncIterable<AgentEvent>;
  image: Promise<GeneratedImage[]>;
  speech: Promise<GeneratedSpeech>;
}

export function supportsKind(runner: Runner, kind: PromptKind): boolean {
  return (runner.kinds as readonly PromptKind[]).includes(kind);
}

/** `Runner "x" does not support image prompts.`: the one wording for a kind a runner cannot run. */
export function unsupportedKind(runner: Runner, kind: PromptKind): ConfigurationError {
  return new ConfigurationError(`Runner "${runner.name}" does not support ${kind} prompts.`);
}

/**
 * Calls the runner's method for the prompt's kind (with the runner as `this`). A kind the
 * runner does not declare, or declares without implementing (possible from plain JS), is a
 * `ConfigurationError`. With `ctx.timeouts`, the run is bounded by them (`RunDeadline`): the
 * runner sees a signal that also fires at the deadline, and the run ends then regardless.
 * `own`: the caller's controller of `ctx.signal` when it serves this run alone (a prompt-run's):
 * the deadline aborts it rather than following it with a controller of its own.
 */
export function startRun<P extends CompiledPrompt>(runner: Runner, prompt: P, ctx: RunContext, own?: AbortController): RunOutput[P["kind"]] {
  const kind: PromptKind = prompt.kind;
  const method = (runner as Partial<RunnerMethods>)[METHOD_OF_KIND[kind]] as
    | ((this: Runner, prompt: P, ctx: RunContext) => RunOutput[P["kind"]])
    | undefined;
  if (!supportsKind(runner, kind)) throw unsupportedKind(runner, kind);
  if (typeof method !== "function") {
    throw new ConfigurationError(`Runner "${runner.name}" declares ${kind} prompts but does not implement ${METHOD_OF_KIND[kind]}.`);
  }
  if (ctx.limits) checkRunLimits(prompt, ctx.limits);
  if (!ctx.timeouts) return method.call(runner, prompt, ctx);
  const { timeouts, ...rest } = ctx;
  const deadline = new RunDeadline(timeouts, own?.signal === ctx.signal ? own : ctx.signal);
  let output: RunOutput[PromptKind];
  try {
    // Without `timeouts`: a runner that starts another run (a fallback) does not nest a second deadline.
    output = method.call(runner, prompt, { ...rest, signal: deadline.signal });
  } catch (err) {
    deadline.clear();
    throw err;
  }
  const bounded = kind === "text" || kind === "object"
    ? deadline.events(output as AsyncIterable<AgentEvent>, ctx.stream)
    : deadline.promise(output as Promise<unknown>);
  return bounded as RunOutput[P["kind"]];
}
