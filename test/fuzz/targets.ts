/**
 * The three fuzz targets of issue #13 (point 5), each a fast-check property run `runs` times
 * from `seed`, returning how the cases came out. A failing case throws (fast-check reports
 * the seed, the path and the shrunk counterexample).
 *
 * - verifier: mutated (header, body) pairs sent to the app: a pair that is not authentic is
 *   a 4xx (never a 2xx, i.e. a forgery, never a 5xx); an authentic one is never a 401.
 * - job parser: arbitrary JSON (and text) to `parseJob`: a job, or an error the HTTP layer
 *   answers with a 4xx (handlers/errors.ts); nothing else.
 * - compiler: generated ASTs, frontmatter and props to `compile`: a prompt, or a PromptError
 *   (400; a CompileLimitError when a limit stopped it); nothing else, and no hang.
 */
import fc from "fast-check";
import { createApp } from "../../src/app";
import { defineConfig } from "../../src/config";
import { SIGNATURE_HEADER, sign } from "../../src/crypto";
import { compile, CompileLimitError, PromptError } from "../../src/prompt";
import { toHttpError } from "../../src/handlers/errors";
import { parseJob } from "../../src/protocol/events";
import { createLocalRunner } from "../../src/runners/local";
import { jobJson, promptAst, props } from "./arbitraries";

export type Counts = Record<string, number>;

function tally(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

const SECRET = "fuzz-secret";
const encoder = new TextEncoder();

const BASE_BODIES = [
  JSON.stringify({ type: "get-evals" }),
  JSON.stringify({ type: "alert", data: { alert: { id: "a1", name: "fuzz", status: "triggered" } } }),
  JSON.stringify({ type: "prompt-run", data: { ast: { type: "root", children: [{ type: "yaml", value: "name: f\ntext_config:\n  model_name: local/echo" }] }, options: { shouldStream: false } } }),
];

type BodyMutation = (body: string) => string | Uint8Array;
const bodyMutation: fc.Arbitrary<BodyMutation> = fc.oneof(
  fc.constant<BodyMutation>((body) => body),
  fc.nat().map<BodyMutation>((at) => (body) => {
    const index = at % body.length;
    return body.slice(0, index) + String.fromCharCode(body.charCodeAt(index) ^ 1) + body.slice(index + 1);
  }),
  fc.nat().map<BodyMutation>((at) => (body) => body.slice(0, at % body.length)),
  fc.constantFrom<BodyMutation>((body) => `${body} `, (body) => ` ${body}`, (body) => `${body}\n`, (body) => body.replace(":", ": ")),
  fc.string({ maxLength: 30 }).map<BodyMutation>((text) => () => text),
  fc.uint8Array({ maxLength: 30 }).map<BodyMutation>((bytes) => () => bytes),
);

type HeaderChoice = (authentic: string, original: string) => string | undefined;
const headerChoice: fc.Arbitrary<HeaderChoice> = fc.oneof(
  fc.constant<HeaderChoice>((authentic) => authentic),
  fc.constant<HeaderChoice>((_, original) => original),
  fc.constant<HeaderChoice>((authentic) => `sha256=${authentic.slice(7).toUpperCase()}`),
  fc.nat().map<HeaderChoice>((at) => (authentic) => {
    const index = 7 + (at % 64);
    const flipped = authentic[index] === "0" ? "1" : "0";
    return authentic.slice(0, index) + flipped + authentic.slice(index + 1);
  }),
  fc.constantFrom<HeaderChoice>(
    (authentic) => authentic.replace("sha256=", "SHA256="),
    (authentic) => authentic.replace("sha256=", "md5="),
    (authentic) => authentic.replace("sha256=", "sha256:"),
    (authentic) => ` ${authentic}`,
    (authentic) => `${authentic}0`,
    (authentic) => authentic.slice(0, -1),
    (authentic) => `${authentic},${authentic}`,
    () => undefined,
    () => "",
    () => "sha256=",
  ),
  fc.string({ maxLength: 80 }).map<HeaderChoice>((text) => () => text),
);

/** Mutated (header, body) pairs through the whole app. */
export async function fuzzVerifier(runs: number, seed: number): Promise<Counts> {
  const app = createApp(defineConfig({ runners: [createLocalRunner()] }));
  const env = { AGENTMARK_WEBHOOK_SECRET: SECRET, AGENTMARK_LOG_LEVEL: "silent" };
  const counts: Counts = { cases: 0 };
  const originals = await Promise.all(BASE_BODIES.map((body) => sign(SECRET, body)));
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: BASE_BODIES.length - 1 }), bodyMutation, headerChoice, fc.boolean(), async (which, mutate, choose, wrongSecret) => {
      const body = mutate(BASE_BODIES[which]!);
      const bytes = typeof body === "string" ? encoder.encode(body) : new Uint8Array(body);
      const authentic = await sign(SECRET, bytes);
      const header = choose(wrongSecret ? await sign("not-the-secret", bytes) : authentic, originals[which]!);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (header !== undefined) headers[SIGNATURE_HEADER] = header;
      counts.cases!++;
      let request: Request;
      try {
        request = new Request("http://fuzz.test/", { method: "POST", body: bytes, headers });
      } catch {
        tally(counts, "header no HTTP client can send (refused by Headers)");
        return;
      }
      const res = await app.fetch(request, env);
      await res.arrayBuffer();
      // What arrives is the header value without surrounding HTTP whitespace (Fetch normalises it).
      const sent = request.headers.get(SIGNATURE_HEADER);
      const isAuthentic = sent !== null && sent.startsWith("sha256=") && sent.slice(7).toLowerCase() === authentic.slice(7);
      // A forged pair must stop at the verifier: a 4xx, never a 2xx (a forgery) nor a 5xx. An
      // authentic pair is never a 401; what its (re-signed, mutated) job then gets is the job's business.
      if (!isAuthentic && (res.status < 400 || res.status >= 500)) throw new Error(`forged pair answered ${res.status}: header ${JSON.stringify(header)}`);
      if (isAuthentic && res.status === 401) throw new Error("an authentic request was refused");
      tally(counts, isAuthentic ? `authentic → ${res.status}` : `not authentic → ${res.status}`);
    }),
    { numRuns: runs, seed },
  );
  counts["forgeries accepted"] = 0;
  counts["5xx on a forged pair"] = 0;
  return counts;
}

/** Arbitrary JSON and text to the job parser. */
export function fuzzJobParser(runs: number, seed: number): Counts {
  const counts: Counts = { cases: 0 };
  fc.assert(
    fc.property(jobJson, (text) => {
      counts.cases!++;
      try {
        const job = parseJob(text);
        tally(counts, `job ${job.type}`);
      } catch (error) {
        const { status } = toHttpError(error);
        if (status < 400 || status >= 500) throw error;
        tally(counts, `refused ${status}`);
      }
    }),
    { numRuns: runs, seed },
  );
  counts["other throws"] = 0;
  return counts;
}

/** Generated ASTs, frontmatter and props to the compiler. */
export function fuzzCompiler(runs: number, seed: number): Counts {
  const counts: Counts = { cases: 0 };
  fc.assert(
    fc.property(promptAst, props, (ast, customProps) => {
      counts.cases!++;
      try {
        compile(ast, customProps);
        tally(counts, "compiled");
      } catch (error) {
        if (!(error instanceof PromptError) || toHttpError(error).status !== 400) throw error;
        tally(counts, error instanceof CompileLimitError ? `400 limit ${error.limit}` : "400 invalid prompt");
      }
    }),
    { numRuns: runs, seed },
  );
  counts["5xx"] = 0;
  return counts;
}
