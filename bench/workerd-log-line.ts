/**
 * node --import tsx bench/workerd-log-line.ts [passes=3] [seconds=5]
 *
 * What one `console.log` of the webhook's request line costs workerd, without a profiler
 * attached (under the profiler, console calls also feed the inspector and look far dearer):
 * three trivial Workers that read the body and answer a fixed JSON, logging the line 0, 1 and
 * 20 times per request, each pinned to CPU 1 under wrk at c=32 on CPU 0, interleaved per pass.
 * CPU µs/request as bench:load measures it (the server's CPU time over the requests served).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LOAD_SECRET, loadBodies } from "./load/bodies";
import { treeCpuSeconds } from "./load/proc";
import { launch } from "./load/server";
import { median } from "./load/stats";
import { REPO, workerdTarget, writeProjectWorkerdConfig, type Target } from "./load/targets";
import { runWrk, writeScript } from "./load/wrk";

const passes = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 5);
const scratch = join(REPO, ".cache/bench-load");

const LINE = JSON.stringify({ level: "info", event: "request", method: "POST", path: "/", status: 200, job: "prompt-run", ms: 1, prompt: "math", model: "local/test-model" });

function loggingWorker(lines: number): Target {
  const dir = join(scratch, `log-line-${lines}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "worker.js"),
    `const LINE = ${JSON.stringify(LINE)};
export default { async fetch(request) { await request.text(); for (let i = 0; i < ${lines}; i++) console.log(LINE); return new Response('{"ok":true}', { headers: { "content-type": "application/json" } }); } };
`,
  );
  return workerdTarget(`log-${lines}`, `${lines} line(s) per request`, writeProjectWorkerdConfig(dir, ["worker.js"], [], LOAD_SECRET), "bare-floor");
}

const targets = [0, 1, 20].map(loggingWorker);
const body = (await loadBodies()).nonStreaming;
const script = writeScript(scratch, body);
const perRequest = new Map(targets.map((t) => [t.id as string, [] as number[]]));
for (let pass = 0; pass < passes; pass++) {
  for (const target of targets) {
    const server = await launch(target, { cpu: 1, probeBody: body });
    const url = `http://127.0.0.1:${server.port}/`;
    await runWrk({ url, script, connections: 32, seconds: 2, cpu: 0 });
    const cpuBefore = treeCpuSeconds(server.pid);
    const result = await runWrk({ url, script, connections: 32, seconds, cpu: 0 });
    perRequest.get(target.id)!.push(((treeCpuSeconds(server.pid) - cpuBefore) / result.requests) * 1e6);
    await server.stop();
  }
}
console.log(`workerd CPU µs/request, c=32, ${passes} passes of ${seconds} s (interleaved):\n`);
console.log("| Worker | median | passes |\n|---|---:|---|");
for (const target of targets) {
  const xs = perRequest.get(target.id)!;
  console.log(`| ${target.label} | ${median(xs).toFixed(0)} | ${xs.map((x) => x.toFixed(0)).join(" / ")} |`);
}
const [none, , twenty] = targets.map((t) => median(perRequest.get(t.id)!));
console.log(`\none console.log of the request line ≈ ${((twenty! - none!) / 20).toFixed(1)} µs`);
