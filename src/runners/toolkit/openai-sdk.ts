/** `createOpenAI`, for `import("./openai-sdk")`: a dynamic import of the package itself would keep all of its exports in the bundle. */
export { createOpenAI } from "@ai-sdk/openai";
