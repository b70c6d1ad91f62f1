/**
 * The running account of one compile against its limits (./limits.ts). Every check is a
 * counter compared with its limit where the work is done, never a walk after the fact; the
 * clock is read once every CLOCK_EVERY steps.
 */
import { CompileLimitError, located } from "./errors";
import type { CompileLimitName, CompileLimits } from "./limits";

const CLOCK_EVERY = 256;

/** The trail of a check made where no location is known (the caller adds it). */
export const NOWHERE: readonly string[] = Object.freeze([]);

/** Emphasis-like nodes cost this many nodes: the serialiser's attention pairing is that much slower. */
export const ATTENTION_WEIGHT = 8;
export const ATTENTION = new Set(["emphasis", "strong", "delete"]);

export class Budget {
  iterations = 0;
  nodes = 0;
  chars = 0;
  markdownChars = 0;
  expressionChars = 0;
  /** Peaks, for measuring real prompts (bench/prompt-sizes.ts). */
  deepest = 0;
  deepestEmphasis = 0;
  /** Sources already counted: a body or expression repeated (in a loop, say) counts once. */
  private bodiesSeen: Set<string> | undefined;
  private expressionsSeen: Set<string> | undefined;
  private readonly deadline: number;
  private untilClock = CLOCK_EVERY;

  constructor(readonly limits: Readonly<CompileLimits>) {
    this.deadline = Date.now() + limits.maxCompileMs;
  }

  loop(count: number, trail: readonly string[]): void {
    this.iterations += count;
    if (this.iterations > this.limits.maxLoopIterations) {
      this.fail("maxLoopIterations", `ForEach loops would run more than ${this.limits.maxLoopIterations} iterations in total`, trail);
    }
  }

  node(weight: number, trail: readonly string[]): void {
    this.nodes += weight;
    if (this.nodes > this.limits.maxRenderedNodes) {
      this.fail("maxRenderedNodes", `the prompt renders more than ${this.limits.maxRenderedNodes} markdown nodes`, trail);
    }
    this.tick(trail);
  }

  /** Charges `count` characters of rendered or computed text. */
  text(count: number, trail: readonly string[] = NOWHERE, what = "the rendered text"): void {
    this.chars += count;
    if (this.chars > this.limits.maxRenderedChars) {
      this.fail("maxRenderedChars", `${what} would make the prompt's text longer than ${this.limits.maxRenderedChars} characters`, trail);
    }
  }

  /** Characters still available to text; checks made before allocating compare with this. */
  get textLeft(): number {
    return this.limits.maxRenderedChars - this.chars;
  }

  depth(depth: number, what: string, trail: readonly string[]): void {
    if (depth > this.deepest) this.deepest = depth;
    if (depth > this.limits.maxDepth) this.fail("maxDepth", `${what} is nested deeper than ${this.limits.maxDepth} levels`, trail);
  }

  emphasisDepth(depth: number, trail: readonly string[]): void {
    if (depth > this.deepestEmphasis) this.deepestEmphasis = depth;
    if (depth > this.limits.maxEmphasisDepth) {
      this.fail("maxEmphasisDepth", `emphasis/strong/delete are nested deeper than ${this.limits.maxEmphasisDepth} levels`, trail);
    }
  }

  /** A `ForEach` body about to be parsed; each distinct body counts once per compile. */
  markdown(source: string, trail: readonly string[]): void {
    if (firstSight((this.bodiesSeen ??= new Set()), source)) this.markdownChars += source.length;
    if (this.markdownChars > this.limits.maxMarkdownChars) {
      this.fail("maxMarkdownChars", `ForEach bodies add up to more than ${this.limits.maxMarkdownChars} characters of markdown`, trail);
    }
  }

  /** An expression about to be parsed; each distinct expression counts once per compile. */
  expression(source: string): void {
    if (firstSight((this.expressionsSeen ??= new Set()), source)) this.expressionChars += source.length;
    if (this.expressionChars > this.limits.maxExpressionChars) {
      this.fail("maxExpressionChars", `expressions add up to more than ${this.limits.maxExpressionChars} characters`);
    }
  }

  tick(trail: readonly string[]): void {
    if (--this.untilClock > 0) return;
    this.untilClock = CLOCK_EVERY;
    if (Date.now() > this.deadline) this.fail("maxCompileMs", `compiling took longer than ${this.limits.maxCompileMs} ms`, trail);
  }

  fail(limit: CompileLimitName, what: string, trail: readonly string[] = NOWHERE): never {
    throw limitError(limit, what, trail);
  }
}

function firstSight(seen: Set<string>, source: string): boolean {
  if (seen.has(source)) return false;
  seen.add(source);
  return true;
}

export function limitError(limit: CompileLimitName, what: string, trail: readonly string[] = NOWHERE): CompileLimitError {
  return new CompileLimitError(located(`Compile limit exceeded: ${what} (setting limits.compile.${limit})`, trail), limit);
}
