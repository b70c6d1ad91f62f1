/**
 * npm run demo — starts the Worker locally in workerd (wrangler dev on 127.0.0.1) with a
 * fresh random secret, sends a signed prompt-run of each kind on the built-in local model,
 * a get-evals, an alert and a tampered request, prints what came back, stops the Worker,
 * and exits 0 only if everything behaved. Offline; no API keys.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { postJob, type PostResult } from "./lib/post-job";
import { promptSourceToAst } from "./lib/prompt-source";
import { startWorker } from "./lib/worker-process";

type Check = { name: string; ok: boolean; detail: string };

const checks: Check[] = [];
function check(name: string, ok: boolean, detail: string) {
  checks.push({ name, ok, detail });
  console.log(`${ok ? "✔" : "✘"} ${name} — ${detail}`);
}

function short(value: unknown, max = 100): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

async function promptJob(file: string, shouldStream = true) {
  return { type: "prompt-run", data: { ast: await promptSourceToAst(file), promptPath: file, options: { shouldStream } } };
}

async function main(): Promise<number> {
  const secret = randomBytes(32).toString("hex");
  console.log("Starting the Worker in workerd (wrangler dev)…");
  // A throwaway secret for this run only (visible to local `ps` as a wrangler argument).
  const worker = await startWorker({ AGENTMARK_WEBHOOK_SECRET: secret, AGENTMARK_LOG_LEVEL: "error" });
  process.once("SIGINT", () => void worker.stop().then(() => process.exit(130)));
  console.log(`Worker ready at ${worker.url}\n`);
  const url = `${worker.url}/`;
  try {
    console.log("→ prompt-run, text, streamed (examples/prompts/haiku.prompt.mdx, model local/slow):");
    let firstLineAt = 0;
    const text = await postJob(url, await promptJob("examples/prompts/haiku.prompt.mdx"), secret, (line, at) => {
      firstLineAt ||= at;
      console.log(`   +${at.toFixed(0).padStart(4)} ms  ${JSON.stringify(line)}`);
    });
    const words = text.lines.filter((l) => typeof (l as { result?: unknown }).result === "string").length;
    const last = text.lines.at(-1) as { finishReason?: string } | undefined;
    check(
      "text streams incrementally",
      text.status === 200 && text.streaming && words > 3 && last?.finishReason === "stop" && firstLineAt < text.elapsedMs - 50,
      `${words} text lines, first after ${firstLineAt.toFixed(0)} ms, last after ${text.elapsedMs.toFixed(0)} ms`,
    );

    console.log("\n→ prompt-run, object, streamed (examples/prompts/sentiment.prompt.mdx):");
    const object = await postJob(url, await promptJob("examples/prompts/sentiment.prompt.mdx"), secret, (line) =>
      console.log(`   ${JSON.stringify(line)}`),
    );
    const finalObject = object.lines.filter((l) => "result" in (l as object)).at(-1) as { result?: { sentiment?: string } } | undefined;
    check(
      "object streams partials then a schema-valid value",
      object.status === 200 && ["positive", "neutral", "negative"].includes(finalObject?.result?.sentiment ?? ""),
      short(finalObject?.result),
    );

    console.log("\n→ prompt-run, text with a tool (examples/prompts/calculator.prompt.mdx: the local model calls `sum` from src/agentmark.config.ts):");
    const calc = await postJob(url, await promptJob("examples/prompts/calculator.prompt.mdx"), secret, (line) => console.log(`   ${JSON.stringify(line)}`));
    type ToolLine = { toolCall?: { toolName: string }; toolResult?: { result: unknown }; result?: unknown };
    const calcLines = calc.lines as ToolLine[];
    const answer = calcLines.map((l) => (typeof l.result === "string" ? l.result : "")).join("");
    check(
      "the local model runs a registered tool and answers with its result",
      calc.status === 200 && calcLines.some((l) => l.toolCall?.toolName === "sum") && calcLines.some((l) => l.toolResult?.result === 5) && answer === "Tool said: 5",
      `sum → ${JSON.stringify(calcLines.find((l) => l.toolResult)?.toolResult?.result)}, answer "${answer}"`,
    );

    console.log("\n→ prompt-run, image (examples/prompts/poster.prompt.mdx):");
    const image = await postJob(url, await promptJob("examples/prompts/poster.prompt.mdx"), secret);
    const png = (image.body as { result?: Array<{ mimeType: string; base64: string }> }).result?.[0];
    const pngBytes = png ? Buffer.from(png.base64, "base64") : Buffer.alloc(0);
    check(
      "image returns a real PNG",
      image.status === 200 && png?.mimeType === "image/png" && pngBytes.subarray(1, 4).toString() === "PNG",
      `${png?.mimeType} ${pngBytes.length} bytes`,
    );

    console.log("\n→ prompt-run, speech (examples/prompts/announcement.prompt.mdx):");
    const speech = await postJob(url, await promptJob("examples/prompts/announcement.prompt.mdx"), secret);
    const audio = (speech.body as { result?: { mimeType: string; base64: string; format: string } }).result;
    const wavBytes = audio ? Buffer.from(audio.base64, "base64") : Buffer.alloc(0);
    check(
      "speech returns a real WAV",
      speech.status === 200 && audio?.format === "wav" && wavBytes.subarray(0, 4).toString() === "RIFF",
      `${audio?.mimeType} ${wavBytes.length} bytes`,
    );

    console.log("\n→ dataset-run over the bundled dataset (examples/prompts/echo-check.prompt.mdx → datasets/echo-check.jsonl, evals exact_match + contains):");
    const experiment = await postJob(
      url,
      { type: "dataset-run", data: { ast: await promptSourceToAst("examples/prompts/echo-check.prompt.mdx"), experimentId: "demo-echo-check", concurrency: 3 } },
      secret,
      (line) => {
        const row = line as { type: string; result?: { input: unknown; evals: Array<{ name: string; passed?: boolean }> }; error?: string };
        if (row.type !== "dataset") return console.log(`   ${JSON.stringify(line)}`);
        const verdicts = row.result!.evals.map((e) => `${e.name}=${e.passed ? "pass" : "fail"}`).join(" ");
        console.log(`   ${JSON.stringify(row.result!.input)}  ${verdicts}`);
      },
    );
    const rows = experiment.lines.filter((l) => (l as { type: string }).type === "dataset") as Array<{ runName: string; result: { evals: unknown[] } }>;
    check(
      "dataset-run streams one scored row per dataset line",
      experiment.status === 200 && rows.length === 5 && rows.every((r) => r.runName === "demo-echo-check" && r.result.evals.length === 2),
      `${rows.length} rows, ${experiment.lines.length - rows.length} errors`,
    );

    console.log("\n→ get-evals:");
    const evals = await postJob(url, JSON.parse(await readFile("examples/events/get-evals.json", "utf8")), secret);
    check("get-evals lists the registry", evals.status === 200 && (evals.body as { type?: string }).type === "evals", short(evals.body));

    console.log("\n→ alert (examples/events/alert.json):");
    const alert = await postJob(url, JSON.parse(await readFile("examples/events/alert.json", "utf8")), secret);
    check("alert is acknowledged with 202", alert.status === 202, short(alert.body));

    console.log("\n→ a tampered request (body changed after signing):");
    const tampered: PostResult = await postJob(url, { type: "get-evals" }, secret, undefined, (body) => body.replace("get-evals", "get-evalz"));
    check("tampered request is refused with 401", tampered.status === 401, short(tampered.body));

    console.log("\n→ a request signed with the wrong secret:");
    const forged = await postJob(url, { type: "get-evals" }, "not-the-secret");
    check("wrong secret is refused with 401", forged.status === 401, short(forged.body));
  } finally {
    await worker.stop();
  }
  const failed = checks.filter((c) => !c.ok);
  console.log(`\n${checks.length - failed.length}/${checks.length} checks passed; Worker stopped.`);
  if (failed.length > 0) console.log(worker.output().slice(-4000));
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
