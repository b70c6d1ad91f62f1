/** The prompt compiler: an AgentMark prompt AST + props → a runnable config (spec §4). */
export { compile } from "./compile";
export { CompileLimitError, PromptError } from "./errors";
export { DEFAULT_COMPILE_LIMITS, resolveCompileLimits, type CompileLimits } from "./limits";
export * from "./types";
