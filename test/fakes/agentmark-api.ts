/**
 * Fake AgentMark API: `GET /agentmark/v1/templates?path=<dataset>` as the platform's
 * ApiLoader calls it. Datasets (by path):
 *   datasets/api.jsonl        NDJSON, 3 rows
 *   datasets/api-array.json   a JSON array, one element per line
 *   datasets/missing.jsonl    404 {"error":"not found"} (so is any other path)
 *   datasets/hang.jsonl       never answers (recorded in state.aborted once the client gives up)
 *   datasets/drip.jsonl       200, then one byte every 200 ms (at most 10 minutes), never a whole line
 * Requests are recorded with their headers, so tests can check Authorization / app id.
 */
import { registerFakeRoute } from "./server";

const DATASETS: Record<string, { status: number; type: string; body: string }> = {
  "datasets/api.jsonl": {
    status: 200,
    type: "application/x-ndjson",
    body: ['{"input":{"question":"one"},"expected_output":"(local model) You said: one"}', '{"input":{"question":"two"}}', "", '{"input":{"question":"three"},"expected_output":"three"}', ""].join("\n"),
  },
  "datasets/api-array.json": {
    status: 200,
    type: "application/json",
    body: '[\n  {"input":{"question":"alpha"}},\n  {"input":{"question":"beta"},"expected_output":"beta"}\n]\n',
  },
};

registerFakeRoute((req, res, _body, state) => {
  if (req.method !== "GET" || !req.url?.startsWith("/agentmark/v1/templates")) return false;
  const path = new URL(req.url, "http://fake").searchParams.get("path") ?? "";
  if (path === "datasets/hang.jsonl") {
    res.on("close", () => state.aborted.push(`agentmark ${path}`));
    return true;
  }
  if (path === "datasets/drip.jsonl") {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    const text = '{"input":{"question":"' + "x".repeat(3000);
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= text.length) return clearInterval(timer);
      res.write(text[sent++]!);
    }, 200);
    res.on("close", () => {
      clearInterval(timer);
      if (sent < text.length) state.aborted.push(`agentmark ${path}`);
    });
    return true;
  }
  const dataset = DATASETS[path];
  if (!dataset) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "not found" }));
    return true;
  }
  res.writeHead(dataset.status, { "content-type": dataset.type });
  res.end(dataset.body);
  return true;
});
