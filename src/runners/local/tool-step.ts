/**
 * The local model's first model call when the prompt offers tools and its last user message
 * has `[[call:NAME {args}]]` markers: one tool call per marker, each run for real from the
 * template's tool registry (`runToolCall`), as `tool-call` then `tool-result` events. The
 * second model call, when `max_calls` allows it, answers `Tool said: <results>` (the text,
 * or the seed of the object) like the fake model APIs of the tests.
 *
 * Usage, in words like the rest of the local model: the first call reads the messages and
 * writes the calls; the second reads the messages, the calls and the results, and writes the
 * answer (counted by the caller).
 */
import type { Tool } from "ai";
import type { ChatMessage, LanguageModelSettings, TextConfig } from "../../prompt/types";
import { stepLimit, type ToolRef } from "../toolkit";
import { runToolCall } from "../toolkit/tool-call";
import type { AgentEvent, RunContext } from "../types";
import { callMarkers } from "./markers";
import { pause } from "./pace";
import { countWords, inputWordCount, lastUserText } from "./words";

/** The most tool calls one run of the local model makes: the markers are the caller's text, the tools are real code. */
export const LOCAL_MAX_TOOL_CALLS = 10;

export interface ToolStepOutcome {
  /** `Tool said: <results>`: what the second model call answers with. */
  answer: string;
  /** Words read and written by the first model call. */
  usage: { inputTokens: number; outputTokens: number };
  /** Words the second model call reads. */
  answerInputTokens: number;
  /** True when `max_calls` leaves no model call for the answer. */
  stepsUsedUp: boolean;
}

function resultText(result: unknown): string {
  return typeof result === "string" ? result : (JSON.stringify(result) ?? "null");
}

function parsedArgs(argsText: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(argsText) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Yields the tool events of the first model call and returns its outcome; returns undefined
 * (yielding nothing) when no tool is called: no tools offered, `tool_choice: none`, or no marker.
 */
export async function* toolStep(
  messages: readonly ChatMessage[],
  config: LanguageModelSettings & Pick<TextConfig, "tool_choice">,
  refs: readonly ToolRef<Tool>[],
  kind: "text" | "object",
  ctx: RunContext,
  delayMs: number,
): AsyncGenerator<AgentEvent, ToolStepOutcome | undefined> {
  if (refs.length === 0 || config.tool_choice === "none") return undefined;
  const markers = callMarkers(lastUserText(messages));
  if (markers.length === 0) return undefined;
  if (markers.length > LOCAL_MAX_TOOL_CALLS) {
    throw new Error(`The local model makes at most ${LOCAL_MAX_TOOL_CALLS} tool calls per run; the last user message has ${markers.length} [[call:…]] markers.`);
  }
  const results: string[] = [];
  let callWords = 0;
  for (const [i, marker] of markers.entries()) {
    const paced = pause(delayMs, ctx.signal);
    if (paced) await paced;
    const id = `local_call_${i + 1}`;
    const args = parsedArgs(marker.argsText);
    yield { type: "tool-call", id, name: marker.name, args: args.ok ? args.value : marker.argsText };
    const result = args.ok
      ? await runToolCall(refs, { id, name: marker.name, input: args.value }, ctx)
      : { type: "tool-result" as const, id, name: marker.name, result: `Invalid input for tool '${marker.name}': the arguments are not JSON (${args.message}).`, isError: true };
    yield result;
    callWords += countWords(`${marker.name} ${marker.argsText}`);
    results.push(resultText(result.result));
  }
  const read = inputWordCount(messages);
  const limit = stepLimit(config, { hasTools: true, kind }) ?? 1;
  return {
    answer: `Tool said: ${results.join(", ")}`,
    usage: { inputTokens: read, outputTokens: callWords },
    answerInputTokens: read + callWords + results.reduce((sum, text) => sum + countWords(text), 0),
    stepsUsedUp: limit < 2,
  };
}
