/**
 * A stand-in upstream with fixed latency that measures how many calls overlap:
 * `POST /slow/<ms>/<run>` answers after <ms> ms; `GET /slow-stats/<run>` returns
 * `{ calls, maxInFlight, aborted }` for that run id.
 */
import { registerFakeRoute } from "./server";

const runs = new Map<string, { inFlight: number; maxInFlight: number; calls: number; aborted: number }>();

function statsOf(run: string) {
  let stats = runs.get(run);
  if (!stats) runs.set(run, (stats = { inFlight: 0, maxInFlight: 0, calls: 0, aborted: 0 }));
  return stats;
}

registerFakeRoute((req, res) => {
  const url = req.url ?? "";
  const stat = /^\/slow-stats\/([\w-]+)$/.exec(url);
  if (req.method === "GET" && stat) {
    const { calls, maxInFlight, aborted } = statsOf(stat[1]!);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ calls, maxInFlight, aborted }));
    return true;
  }
  const call = /^\/slow\/(\d+)\/([\w-]+)$/.exec(url);
  if (req.method !== "POST" || !call) return false;
  const stats = statsOf(call[2]!);
  stats.calls++;
  stats.inFlight++;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  let finished = false;
  const timer = setTimeout(() => {
    finished = true;
    stats.inFlight--;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true }));
  }, Number(call[1]));
  res.on("close", () => {
    if (finished) return;
    clearTimeout(timer);
    stats.inFlight--;
    stats.aborted++;
  });
  return true;
});
