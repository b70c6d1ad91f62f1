/**
 * Everything of the AI SDK runner that evaluates `ai` (and `@ai-sdk/otel`): loaded by the
 * runner's first call through `import("./calls")`, so a bundle that starts and serves other
 * models never evaluates the SDK (in a single-file esbuild bundle that import becomes a lazy
 * module initialiser). Nothing outside this folder's index may import these modules statically.
 * They import the toolkit's files by path, not its index: every module a lazily loaded one
 * imports gets a lazy-initialiser wrapper too, which costs bundle bytes.
 */
export { toToolSet } from "../toolkit/tool-registry";
export { runImageCall, runSpeechCall } from "./media";
export { runObjectCall } from "./object";
export { runTextCall } from "./text";
