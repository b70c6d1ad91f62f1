/** `ai`'s `asSchema`, for `import("./tool-schema")`: a dynamic import of `ai` itself would keep the whole package in the bundle. */
export { asSchema } from "ai";
