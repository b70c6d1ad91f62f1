/** The prompt compiler: an AgentMark prompt AST + props → a runnable config (spec §4). */
export { compile } from "./compile";
export { PromptError } from "./errors";
export * from "./types";
