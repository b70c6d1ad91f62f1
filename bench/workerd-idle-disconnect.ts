/**
 * What raw workerd (no Miniflare) notices of a client that leaves a streamed response, and
 * what an upstream server sees when a Worker aborts its own `fetch` (the evidence behind
 * `limits.timeouts.heartbeatMs`, docs/limits.md "A client that leaves").
 *
 *   node --import tsx bench/workerd-idle-disconnect.ts
 *
 * A small Worker (written below, served by `node_modules/.bin/workerd serve` with
 * wrangler.toml's compatibility date and flags) does what the webhook does with a model that
 * stalls: it fetches a Node "model" that sends headers and one chunk, then nothing, and
 * answers a ReadableStream with one line, then waits for the model's next chunk (`/idle`), or
 * does the same and also sends a space every second (`/heartbeat`). Its stream's cancel() and
 * `request.signal` both abort the model fetch; it records which of them ran, and `/status?id=`
 * reads that back (same isolate). Raw TCP clients read the first line, then leave with FIN
 * (`socket.destroy()`: what `fetch`'s abort and a process exit do) or RST
 * (`socket.resetAndDestroy()`). The Node model notes when each request's socket closes.
 * `/upstream` reads the first chunk of the model fetch, then aborts it with its
 * AbortController (`?how=abort`) or cancels the body (`?how=cancel`): no client involved.
 * "no" means: not within OBSERVE_MS of the client leaving.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "..");
const WORKERD = join(REPO, "node_modules/.bin/workerd");
const OBSERVE_MS = 3_000;

const WORKER = `
const seen = new Map();
const encoder = new TextEncoder();
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const id = url.searchParams.get("id") ?? "";
    if (url.pathname === "/status") return Response.json(seen.get(id) ?? null);
    const controller = new AbortController();
    if (url.pathname === "/before") {
      // A non-streamed run: the model has not answered yet, there is no Response to cancel.
      const state = { cancelled: false, signal: false };
      seen.set(id, state);
      request.signal.addEventListener("abort", () => {
        state.signal = true;
        controller.abort();
      });
      const res = await fetch(env.UPSTREAM + "/?hang=1&id=" + id, { signal: controller.signal });
      return new Response(await res.text());
    }
    const upstream = await fetch(env.UPSTREAM + "/?id=" + id, { signal: controller.signal });
    const reader = upstream.body.getReader();
    await reader.read(); // the model's first token
    if (url.pathname === "/upstream") {
      if (url.searchParams.get("how") === "abort") controller.abort();
      else await reader.cancel();
      return new Response("done\\n");
    }
    // Like the webhook: the first line, then the stream waits for the model's next token.
    const state = { cancelled: false, signal: false };
    seen.set(id, state);
    request.signal.addEventListener("abort", () => {
      state.signal = true;
      controller.abort();
    });
    let timer;
    const body = new ReadableStream({
      start(c) {
        c.enqueue(encoder.encode('{"type":"text","result":"first"}\\n'));
        if (url.pathname === "/heartbeat") timer = setInterval(() => c.enqueue(encoder.encode(" ")), 1000);
      },
      async pull(c) {
        const { done, value } = await reader.read(); // never comes: the model stalled
        if (done) c.close();
        else c.enqueue(value);
      },
      cancel() {
        state.cancelled = true;
        clearInterval(timer);
        controller.abort();
      },
    });
    return new Response(body, { headers: { "content-type": "application/x-ndjson" } });
  },
};
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await sleep(50);
  }
}

function compatibility() {
  const toml = readFileSync(join(REPO, "wrangler.toml"), "utf8");
  return {
    date: /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)![1]!,
    flags: JSON.parse(/^compatibility_flags\s*=\s*(\[[^\]]*\])/m.exec(toml)?.[1] ?? "[]") as string[],
  };
}

/** A server that answers headers and one chunk, then nothing (`hang=1`: nothing at all); notes when a request's socket closes. */
function stallingUpstream(): Promise<{ server: Server; port: number; seen: Set<string>; closed: Set<string> }> {
  const seen = new Set<string>();
  const closed = new Set<string>();
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? "/", "http://x").searchParams;
    const id = query.get("id") ?? "";
    seen.add(id);
    req.socket.once("close", () => closed.add(id));
    if (query.get("hang")) return;
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write("data: first\n\n");
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r({ server, port: (server.address() as AddressInfo).port, seen, closed })));
}

/** Opens a raw connection and asks for `path`; `leave(how)` closes it by FIN or RST. */
function open(port: number, path: string) {
  const socket = connect(port, "127.0.0.1", () => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
  let got = "";
  socket.setEncoding("latin1");
  socket.on("data", (data: string) => (got += data));
  socket.on("error", () => {});
  return {
    received: () => got,
    leave: (how: "fin" | "rst") => (how === "rst" ? socket.resetAndDestroy() : socket.destroy()),
  };
}

const upstream = await stallingUpstream();
const { date, flags } = compatibility();
const dir = mkdtempSync(join(tmpdir(), "workerd-idle-"));
writeFileSync(join(dir, "worker.js"), WORKER);
writeFileSync(
  join(dir, "config.capnp"),
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker), (name = "internet", network = (allow = ["public", "private", "local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = ${JSON.stringify(date)},
  compatibilityFlags = [ ${flags.map((f) => JSON.stringify(f)).join(", ")} ],
  globalOutbound = "internet",
  bindings = [ (name = "UPSTREAM", text = "http://127.0.0.1:${upstream.port}") ],
);
`,
);
const port = 20000 + Math.floor(Math.random() * 20000);
const workerd = spawn(WORKERD, ["serve", join(dir, "config.capnp"), `--socket-addr=http=127.0.0.1:${port}`], { stdio: ["ignore", "ignore", "inherit"] });
const version = (await new Promise<string>((r) => {
  const v = spawn(WORKERD, ["--version"]);
  let out = "";
  v.stdout.on("data", (d) => (out += d));
  v.on("close", () => r(out.trim()));
})) as string;
const origin = `http://127.0.0.1:${port}`;
await until(async () => (await fetch(`${origin}/status`).then((r) => r.ok, () => false)) || undefined, 10_000);

console.log(`${version} (npm workerd ${JSON.parse(readFileSync(join(REPO, "node_modules/workerd/package.json"), "utf8")).version}), compatibility ${date} [${flags.join(", ")}]\n`);
console.log("| the client leaves a streamed response by | the stream then | stream cancel() ran | request.signal fired | the model's socket closed |");
console.log("|---|---|---|---|---|");
type State = { cancelled: boolean; signal: boolean };
const status = async (id: string) => (await (await fetch(`${origin}/status?id=${id}`)).json()) as State | null;
for (const [path, what] of [
  ["/before", "(no Response yet: the model has not answered)"],
  ["/idle", "sends nothing"],
  ["/heartbeat", "sends a space every 1 s"],
] as const) {
  for (const how of ["fin", "rst"] as const) {
    const id = `${path.slice(1)}-${how}`;
    const client = open(port, `${path}?id=${id}`);
    if (path === "/before") await until(async () => (upstream.seen.has(id) ? true : undefined), 10_000);
    else await until(async () => (client.received().includes('"first"}') ? true : undefined), 10_000);
    client.leave(how);
    await until(async () => {
      const s = await status(id);
      return (s?.cancelled || path === "/before") && s?.signal && upstream.closed.has(id) ? true : undefined;
    }, OBSERVE_MS);
    const last = await status(id);
    const yes = (b: boolean | undefined) => (b ? "yes" : "no");
    console.log(`| ${how === "fin" ? "FIN (close)" : "RST (reset)"} | ${what} | ${path === "/before" ? "–" : yes(last?.cancelled)} | ${yes(last?.signal)} | ${yes(upstream.closed.has(id))} |`);
  }
}

console.log("\n| the Worker, after the first chunk of its own fetch | the upstream's socket closed |");
console.log("|---|---|");
for (const how of ["abort", "cancel"] as const) {
  const id = `upstream-${how}`;
  await (await fetch(`${origin}/upstream?id=${id}&how=${how}`)).text();
  const closed = await until(async () => (upstream.closed.has(id) ? true : undefined), OBSERVE_MS);
  console.log(`| ${how === "abort" ? "AbortController.abort()" : "body reader.cancel()"} | ${closed ? "yes" : "no"} |`);
}

workerd.kill();
upstream.server.closeAllConnections();
upstream.server.close();
