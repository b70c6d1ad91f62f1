/**
 * npm run send -- <file.prompt.mdx | event.json> [--props JSON] [--no-stream] [--url URL] [--secret S]
 *
 * Builds the job (a prompt source becomes a signed `prompt-run` with its AST, the way the
 * AgentMark CLI sends it; an event file is sent as it is), signs it with the local secret
 * and prints the answer, streamed lines as they arrive.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { localSecret } from "./lib/local-secret";
import { postJob } from "./lib/post-job";
import { promptSourceToAst } from "./lib/prompt-source";

const USAGE = "usage: npm run send -- <file.prompt.mdx|event.json> [--props JSON] [--no-stream] [--url URL] [--secret S]";

async function buildJob(file: string, props: string | undefined, stream: boolean): Promise<unknown> {
  if (file.endsWith(".json")) return JSON.parse(await readFile(file, "utf8"));
  if (!file.endsWith(".mdx")) throw new Error(`expected a .prompt.mdx or an event .json file, got ${file}`);
  const data: Record<string, unknown> = {
    ast: await promptSourceToAst(file),
    promptPath: file,
    options: { shouldStream: stream },
  };
  if (props !== undefined) data.customProps = JSON.parse(props);
  return { type: "prompt-run", data };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      props: { type: "string" },
      "no-stream": { type: "boolean", default: false },
      url: { type: "string", default: process.env.AGENTMARK_WEBHOOK_URL ?? "http://127.0.0.1:8787/" },
      secret: { type: "string" },
    },
  });
  const file = positionals[0];
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const secret = values.secret ?? localSecret();
  if (!secret) {
    console.error("No secret: set AGENTMARK_WEBHOOK_SECRET or create .dev.vars (cp .dev.vars.example .dev.vars).");
    return 2;
  }
  const job = await buildJob(file, values.props, !values["no-stream"]);
  const result = await postJob(values.url!, job, secret, (line) => console.log(JSON.stringify(line)));
  if (!result.streaming) console.log(JSON.stringify(result.body, null, 2));
  console.error(`HTTP ${result.status} in ${result.elapsedMs.toFixed(0)} ms`);
  return result.status < 300 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
