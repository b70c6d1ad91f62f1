/**
 * npm run send -- <file.prompt.mdx | event.json> [options]   (options: scripts/lib/send-options.ts)
 *
 * Builds the job (a prompt source becomes a `prompt-run` with its AST, the way the AgentMark
 * CLI sends it, or with `--dataset` a `dataset-run`; an event file is sent as it is), signs it
 * with the local secret and prints the answer as it arrives. Experiments show a live progress
 * line (on a terminal), one line per row and a final table. Exits 1 when the answer is not
 * 2xx or carries an error line.
 */
import { basename } from "node:path";
import { localSecret } from "./lib/dev-vars";
import { ExperimentTally } from "./lib/experiment-tally";
import { saveMedia, summariseMedia } from "./lib/media-out";
import { postJob, type PostResult } from "./lib/post-job";
import { buildJob } from "./lib/send-job";
import { parseSendArgs, SEND_USAGE, UsageError, type SendOptions } from "./lib/send-options";

function resolveSecret(options: SendOptions): string {
  if (options.secret) return options.secret;
  const local = localSecret();
  if (local.ignoredEnvironment) {
    console.error(`note: AGENTMARK_WEBHOOK_SECRET from the environment is ignored: the local Worker uses the one in ${local.from} (as wrangler dev does); pass --secret to override.`);
  }
  if (!local.secret) {
    throw new UsageError(`no secret to sign with: put AGENTMARK_WEBHOOK_SECRET in .dev.vars (cp .dev.vars.example .dev.vars) or pass --secret (looked in: ${local.from})`);
  }
  return local.secret;
}

function stemOf(file: string): string {
  return basename(file).replace(/(\.prompt)?\.(mdx|json)$/, "");
}

function isErrorLine(line: unknown): boolean {
  return (line as { type?: unknown } | null)?.type === "error";
}

async function sendPrompt(options: SendOptions, job: unknown, secret: string): Promise<{ result: PostResult; errors: number }> {
  let errors = 0;
  const result = await postJob(options.url, job, secret, (line) => {
    if (isErrorLine(line)) errors++;
    console.log(JSON.stringify(summariseMedia(line)));
  });
  if (!result.streaming) {
    console.log(JSON.stringify(summariseMedia(result.body), null, 2));
    if (options.out && result.status < 300) {
      for (const path of await saveMedia(result.body, options.out, stemOf(options.file))) console.log(`saved ${path}`);
    }
  }
  return { result, errors };
}

async function sendExperiment(options: SendOptions, job: unknown, secret: string): Promise<{ result: PostResult; errors: number }> {
  const tally = new ExperimentTally();
  const live = process.stderr.isTTY;
  const saving: Promise<unknown>[] = [];
  const result = await postJob(options.url, job, secret, (line) => {
    const printed = tally.add(line);
    if (live) process.stderr.write("\r\x1b[2K");
    if (printed) (isErrorLine(line) ? console.error : console.log)(printed);
    if (options.out && (line as { type?: unknown }).type === "dataset") {
      const output = (line as { result?: { actualOutput?: unknown } }).result?.actualOutput;
      saving.push(saveMedia(output, options.out, `${stemOf(options.file)}-row-${tally.rows}`).then((paths) => paths.forEach((p) => console.log(`   saved ${p}`))));
    }
    if (live) process.stderr.write(tally.progressLine());
  });
  await Promise.all(saving);
  if (live) process.stderr.write("\r\x1b[2K");
  if (!result.streaming) console.log(JSON.stringify(summariseMedia(result.body), null, 2));
  else console.log(`\n${tally.summary()}`);
  return { result, errors: tally.errors.length };
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
    (argv.length === 0 ? console.error : console.log)(SEND_USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const options = parseSendArgs(argv);
  const job = await buildJob(options);
  const secret = resolveSecret(options);
  const { result, errors } = options.experiment ? await sendExperiment(options, job, secret) : await sendPrompt(options, job, secret);
  const message = (result.body as { message?: unknown } | undefined)?.message;
  const problems = [
    ...(errors ? [`${errors} error line${errors > 1 ? "s" : ""}`] : []),
    ...(result.interrupted ? [result.interrupted] : []),
    ...(result.status >= 300 && typeof message === "string" ? [message] : []),
  ];
  console.error(`HTTP ${result.status} in ${result.elapsedMs.toFixed(0)} ms${problems.length ? `: ${problems.join("; ")}` : ""}`);
  return result.status < 300 && errors === 0 && !result.interrupted ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n(npm run send -- --help lists the options)`);
      process.exit(2);
    }
    // JobFileError (file:line: …), ConnectError (… is npm run dev running?) and the rest: the message says it.
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
