/**
 * npm run fake:openai [-- --port N]
 *
 * The tests' fake OpenAI API (test/fakes/openai.ts) on http://127.0.0.1:9419/openai/v1 (or
 * port N), to run `openai/*` prompts on the real AI SDK runner offline: Responses and Chat
 * Completions, streamed and not, tool calls on `[[call:NAME {args}]]` markers, exact answers on
 * `[[say:…]]` / `[[json:…]]`, failures by model id (`openai/fail-500`). No key is checked.
 * Point the local Worker at it: docs/local-model.md, "The tests' fake OpenAI".
 */
import { parseArgs } from "node:util";
import { startFakes } from "../test/fakes/server";

const { values } = parseArgs({ options: { port: { type: "string", default: "9419" } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port takes a port number (got ${values.port})`);
  process.exit(2);
}

startFakes(port).then(
  (fakes) => {
    const baseUrl = `${fakes.origin}/openai/v1`;
    console.log(`Fake OpenAI API on ${baseUrl} (Ctrl-C stops it). In another terminal:`);
    console.log(`  npm run dev -- --var OPENAI_BASE_URL:${baseUrl} --var OPENAI_API_KEY:sk-fake`);
    console.log("  npm run send -- examples/prompts/openai-haiku.prompt.mdx");
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void fakes.close().then(() => process.exit(0)));
  },
  (err: NodeJS.ErrnoException) => {
    console.error(err.code === "EADDRINUSE" ? `port ${port} is in use: pass --port N` : err.message);
    process.exit(1);
  },
);
