/**
 * A stand-in upstream that measures how many calls of one run overlap. `POST /slow/<when>/<run>`
 * answers according to `<when>`:
 *   <ms>        after that many milliseconds
 *   after-<n>   once <n> other calls of the run have been answered (ordering without timing)
 *   barrier-<n> once <n> calls of the run have been in flight at the same time (or after 10 s,
 *               so a run that never gets there fails on the stats instead of hanging)
 *   hold        never: only the client going away ends it
 * `GET /slow-stats/<run>` returns `{ calls, inFlight, maxInFlight, aborted }` for that run id.
 */
import type { ServerResponse } from "node:http";
import { registerFakeRoute } from "./server";

const BARRIER_GIVE_UP_MS = 10_000;

interface RunStats {
  inFlight: number;
  maxInFlight: number;
  calls: number;
  answered: number;
  aborted: number;
  /** Calls waiting for a condition on these stats; re-checked after every change. */
  waiting: Set<() => void>;
}

const runs = new Map<string, RunStats>();

function statsOf(run: string): RunStats {
  let stats = runs.get(run);
  if (!stats) runs.set(run, (stats = { inFlight: 0, maxInFlight: 0, calls: 0, answered: 0, aborted: 0, waiting: new Set() }));
  return stats;
}

const changed = (stats: RunStats) => {
  for (const recheck of [...stats.waiting]) recheck();
};

/** Resolves once `ready(stats)` holds; `cancel` stops waiting. */
function waitFor(stats: RunStats, ready: (s: RunStats) => boolean): { done: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const done = new Promise<void>((resolve) => {
    const recheck = () => {
      if (!ready(stats)) return;
      stats.waiting.delete(recheck);
      resolve();
    };
    cancel = () => stats.waiting.delete(recheck);
    stats.waiting.add(recheck);
    recheck();
  });
  return { done, cancel };
}

function condition(when: string, stats: RunStats): { done: Promise<void>; cancel: () => void } {
  const after = /^after-(\d+)$/.exec(when);
  if (after) return waitFor(stats, (s) => s.answered >= Number(after[1]));
  const barrier = /^barrier-(\d+)$/.exec(when);
  if (barrier) {
    const reached = waitFor(stats, (s) => s.maxInFlight >= Number(barrier[1]));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<void>((r) => (timer = setTimeout(r, BARRIER_GIVE_UP_MS)));
    return {
      done: Promise.race([reached.done, gaveUp]).finally(() => clearTimeout(timer)),
      cancel: () => (reached.cancel(), clearTimeout(timer)),
    };
  }
  if (when === "hold") return { done: new Promise<void>(() => {}), cancel: () => {} };
  let timer: ReturnType<typeof setTimeout> | undefined;
  return { done: new Promise<void>((r) => (timer = setTimeout(r, Number(when)))), cancel: () => clearTimeout(timer) };
}

function answer(res: ServerResponse, stats: RunStats): void {
  stats.inFlight--;
  stats.answered++;
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ ok: true }));
  changed(stats);
}

registerFakeRoute((req, res) => {
  const url = req.url ?? "";
  const stat = /^\/slow-stats\/([\w-]+)$/.exec(url);
  if (req.method === "GET" && stat) {
    const { calls, inFlight, maxInFlight, aborted } = statsOf(stat[1]!);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ calls, inFlight, maxInFlight, aborted }));
    return true;
  }
  const call = /^\/slow\/(\d+|after-\d+|barrier-\d+|hold)\/([\w-]+)$/.exec(url);
  if (req.method !== "POST" || !call) return false;
  const stats = statsOf(call[2]!);
  stats.calls++;
  stats.inFlight++;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  let settled = false;
  const wait = condition(call[1]!, stats);
  const gone = () => {
    if (settled) return;
    settled = true;
    wait.cancel();
    stats.inFlight--;
    stats.aborted++;
    changed(stats);
  };
  // The client may already have gone while its body was being read.
  if (res.destroyed || req.socket.destroyed) gone();
  else res.on("close", gone);
  changed(stats);
  void wait.done.then(() => {
    if (settled) return;
    settled = true;
    answer(res, stats);
  });
  return true;
});
