/**
 * The compile budget: how much work one compile may do (docs/limits.md). A signed job
 * controls the AST, its props and the frontmatter, so every amount of work they can ask for
 * has a limit here; each is checked while it is spent, and a breach is a 400 naming it.
 * Override any of them in `src/agentmark.config.ts` under `limits.compile`.
 */
import { resolveLimitGroup } from "../core/limits";

export interface CompileLimits {
  /** `ForEach` iterations in one compile, nested loops included (their product). */
  maxLoopIterations: number;
  /** Nesting depth of the prompt AST while rendering, of props and frontmatter values, and of expressions. */
  maxDepth: number;
  /** Emphasis, strong and delete nested inside one another (serialising them is superlinear in this depth). */
  maxEmphasisDepth: number;
  /** Markdown nodes rendered in one compile (emphasis, strong and delete count 8 each). */
  maxRenderedNodes: number;
  /** Characters rendered in one compile: text put into messages plus every string expressions make. */
  maxRenderedChars: number;
  /** Characters of expression source (`{…}`, attribute values) handed to the parser in one compile (distinct expressions). */
  maxExpressionChars: number;
  /** Characters of `ForEach` bodies handed to the markdown parser in one compile (distinct bodies). */
  maxMarkdownChars: number;
  /** Size of the YAML frontmatter: its source, and its JSON size once YAML aliases are expanded. */
  maxFrontmatterChars: number;
  /** Wall-clock time of one compile, checked while rendering. */
  maxCompileMs: number;
}

export type CompileLimitName = keyof CompileLimits;

export const DEFAULT_COMPILE_LIMITS: Readonly<CompileLimits> = Object.freeze({
  maxLoopIterations: 1_000,
  maxDepth: 100,
  maxEmphasisDepth: 16,
  maxRenderedNodes: 5_000,
  maxRenderedChars: 200_000,
  maxExpressionChars: 20_000,
  maxMarkdownChars: 2_000,
  maxFrontmatterChars: 100_000,
  maxCompileMs: 500,
});

/** Defaults with the given overrides (checked once per overrides object, as the other limit groups); throws on an unknown name or a value that is not a positive integer. */
export function resolveCompileLimits(overrides?: Partial<CompileLimits>): Readonly<CompileLimits> {
  return resolveLimitGroup("compile", DEFAULT_COMPILE_LIMITS, overrides);
}
