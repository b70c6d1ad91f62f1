/** The parts of `npm run send` a subprocess run cannot show well: the progress line, flag parsing, media summaries. */
import { describe, expect, it } from "vitest";
import { ExperimentTally } from "../../scripts/lib/experiment-tally";
import { findMedia, summariseMedia } from "../../scripts/lib/media-out";
import { parseSendArgs } from "../../scripts/lib/send-options";

const row = (input: string, evals: Array<{ name: string; passed?: boolean; score?: number }>) => ({
  type: "dataset",
  result: { input: { q: input }, actualOutput: `answer to ${input}`, evals },
  runId: "r",
  runName: "n",
});

describe("ExperimentTally", () => {
  it("keeps a live line of rows done and failed and each eval's pass rate so far", () => {
    const tally = new ExperimentTally();
    expect(tally.progressLine()).toBe("rows 0 done, 0 failed");
    expect(tally.add(row("a", [{ name: "exact_match", passed: true, score: 1 }, { name: "contains", passed: true }]))).toBe(
      '#1 {"q":"a"} → "answer to a"  exact_match=pass contains=pass',
    );
    tally.add(row("b", [{ name: "exact_match", passed: false, score: 0 }, { name: "contains", passed: true }]));
    expect(tally.add({ type: "error", error: "row 3: the model refused" })).toBe("error: row 3: the model refused");
    tally.add({ type: "done", traceId: "t" }); // not a row
    expect(tally.progressLine()).toBe("rows 2 done, 1 failed · exact_match 1/2 (50%) · contains 2/2 (100%)");
    expect(tally.summary()).toBe(
      ["2 rows done, 1 failed", "eval         passed  failed  pass rate  mean score", "contains     2       0       100%       -", "exact_match  1       1       50%        0.50"].join("\n"),
    );
  });

  it("scores without a verdict count toward the mean, not the pass rate; media rows stay short", () => {
    const tally = new ExperimentTally();
    const line = tally.add({ type: "dataset", result: { input: {}, actualOutput: [{ mimeType: "image/png", base64: "A".repeat(4000) }], evals: [{ name: "judge", score: 0.25 }] } });
    expect(line!.length).toBeLessThan(120);
    expect(line).toContain("judge=0.25");
    expect(tally.progressLine()).toBe("rows 1 done, 0 failed");
    expect(tally.summary()).toContain("judge  0       0       -          0.25");
  });
});

describe("media summaries", () => {
  it("replace base64 with its decoded size and find every media value", () => {
    const envelope = { type: "image", result: [{ mimeType: "image/png", base64: "iVBORw0KGgo=" }, { mimeType: "image/png", base64: "AAAA" }] };
    expect(summariseMedia(envelope)).toEqual({
      type: "image",
      result: [
        { mimeType: "image/png", base64: "<8 bytes; --out DIR saves it>" },
        { mimeType: "image/png", base64: "<3 bytes; --out DIR saves it>" },
      ],
    });
    expect(findMedia(envelope)).toHaveLength(2);
    expect(findMedia({ type: "text", result: "no media" })).toEqual([]);
  });
});

describe("parseSendArgs", () => {
  const env = {};
  it("--dataset takes an optional path without swallowing the job file", () => {
    expect(parseSendArgs(["--dataset", "p.prompt.mdx"], env).experiment).toEqual({});
    expect(parseSendArgs(["p.prompt.mdx", "--dataset"], env).experiment).toEqual({});
    expect(parseSendArgs(["p.prompt.mdx", "--dataset", "data/rows.jsonl"], env).experiment).toEqual({ datasetPath: "data/rows.jsonl" });
    expect(parseSendArgs(["--dataset=x.json", "p.prompt.mdx"], env).experiment).toEqual({ datasetPath: "x.json" });
  });

  it("checks sampling with the webhook's own rules before sending", () => {
    expect(parseSendArgs(["p.prompt.mdx", "--dataset", "--sample", "20", "--seed", "3"], env).experiment).toEqual({ sampling: { sample: 20, seed: 3 } });
    expect(() => parseSendArgs(["p.prompt.mdx", "--dataset", "--rows", "3-1"], env)).toThrow('Invalid range: start (3) is greater than end (1) in "3-1"');
    expect(() => parseSendArgs(["p.prompt.mdx", "--dataset", "--rows", "1", "--sample", "5"], env)).toThrow(/mutually exclusive/);
    expect(() => parseSendArgs(["p.prompt.mdx", "--dataset", "--split", "train:100"], env)).toThrow(/between 1 and 99/);
    expect(() => parseSendArgs(["p.prompt.mdx", "--dataset", "--concurrency", "0"], env)).toThrow('--concurrency must be an integer from 1 to 100, got "0"');
    expect(() => parseSendArgs(["p.prompt.mdx", "--dataset", "--seed", "x"], env)).toThrow('--seed must be a number, got "x"');
  });

  it("refuses combinations that would be ignored", () => {
    expect(() => parseSendArgs(["e.json", "--dataset"], env)).toThrow(/--dataset needs a \.prompt\.mdx file/);
    expect(() => parseSendArgs(["p.prompt.mdx", "--dataset", "--props", "{}"], env)).toThrow(/--props applies to a single prompt-run/);
    expect(() => parseSendArgs(["notes.txt"], env)).toThrow("expected a .prompt.mdx or an event .json file, got notes.txt");
    expect(() => parseSendArgs(["p.prompt.mdx", "--bogus"], env)).toThrow(/Unknown option '--bogus'/);
  });

  it("takes the URL from --url, else AGENTMARK_WEBHOOK_URL, else the local Worker", () => {
    expect(parseSendArgs(["p.prompt.mdx"], {}).url).toBe("http://127.0.0.1:8787/");
    expect(parseSendArgs(["p.prompt.mdx"], { AGENTMARK_WEBHOOK_URL: "http://h/" }).url).toBe("http://h/");
    expect(parseSendArgs(["p.prompt.mdx", "--url", "http://u/"], { AGENTMARK_WEBHOOK_URL: "http://h/" }).url).toBe("http://u/");
  });
});
