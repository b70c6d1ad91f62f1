/**
 * Bench-only launcher: `node --expose-gc bench/load/heap-launcher.mjs <entry>` runs a
 * server entry (e.g. dist/node.js) unchanged and, on SIGUSR2, collects garbage and
 * prints the live heap as one `HEAP_JSON {...}` line on stderr. The production entries
 * never expose gc() or this signal; only the load bench starts servers this way.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { getHeapSpaceStatistics } from "node:v8";

const entry = process.argv[2];
if (!entry) throw new Error("usage: node --expose-gc bench/load/heap-launcher.mjs <entry>");
if (typeof globalThis.gc !== "function") throw new Error("heap-launcher: start node with --expose-gc");

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 20));

process.on("SIGUSR2", async () => {
  // Requests still in flight when the load stopped finish first; then collect three times
  // with a task in between, so FinalizationRegistry callbacks and weak-ref cleanups (which run
  // as tasks after a collection) can free what they hold before the next one.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await nextTask();
  }
  globalThis.gc();
  const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage();
  // Where V8's committed memory is (new space grows with the allocation rate; code space with the code run).
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  process.stderr.write(`HEAP_JSON ${JSON.stringify({ heapUsed, heapTotal, rss, external, arrayBuffers, spaces })}\n`);
});

await import(pathToFileURL(resolve(entry)).href);
