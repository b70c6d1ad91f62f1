import { describe, expect, it } from "vitest";
import { datasetRows, textStream } from "../../src/experiments/rows";

async function all(text: string | ReadableStream<Uint8Array>, path = "datasets/x.jsonl") {
  const rows = [];
  for await (const row of datasetRows(typeof text === "string" ? textStream(text) : text, path)) rows.push(row);
  return rows;
}

/** Bytes split at awkward places, including inside a multi-byte character. */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

describe("datasetRows", () => {
  it("parses JSONL, skipping blank lines, keeping expected_output verbatim", async () => {
    const rows = await all('{"input":{"a":1},"expected_output":"4"}\n\n   \n{"input":{"b":"café"},"expected_output":{"x":[1]}}\n{"input":{}}');
    expect(rows).toEqual([
      { input: { a: 1 }, expected_output: "4", line: 1 },
      { input: { b: "café" }, expected_output: { x: [1] }, line: 4 },
      { input: {}, line: 5 },
    ]);
  });

  it("reassembles lines and characters split across chunks", async () => {
    const text = '{"input":{"q":"naïve 😀"}}\r\n{"input":{"q":"two"}}\n';
    for (const size of [1, 2, 3, 7]) {
      const rows = await all(chunked(text, size));
      expect(rows.map((r) => r.input.q)).toEqual(["naïve 😀", "two"]);
    }
  });

  it("accepts a JSON array, one element per line or on one line", async () => {
    expect((await all('[\n {"input":{"n":1}},\n {"input":{"n":2}}\n]\n')).map((r) => r.input.n)).toEqual([1, 2]);
    expect((await all('[{"input":{"n":1}},{"input":{"n":2}}]')).map((r) => r.input.n)).toEqual([1, 2]);
  });

  it.each([
    ['{"input":{"a":1}}\n{"input":"text"}', "Invalid dataset row at line 2: missing or invalid 'input' field. Each row must have an 'input' object."],
    ['{"expected_output":"x"}', "Invalid dataset row at line 1: missing or invalid 'input' field. Each row must have an 'input' object."],
    ['{"input":[1]}', "Invalid dataset row at line 1: missing or invalid 'input' field. Each row must have an 'input' object."],
    ['{"input":{}}\n\n{oops', "Failed to parse JSON at line 3 in dataset datasets/x.jsonl: "],
    ["", "Dataset datasets/x.jsonl is empty or contains no valid rows"],
    ["\n  \n", "Dataset datasets/x.jsonl is empty or contains no valid rows"],
  ])("rejects %j", async (text, message) => {
    await expect(all(text)).rejects.toThrow(message);
  });

  it("refuses a line longer than 1 MiB instead of buffering it", async () => {
    const huge = `{"input":{"q":"${"x".repeat(1024 * 1024 + 10)}"}}`;
    await expect(all(chunked(`{"input":{}}\n${huge}\n`, 64 * 1024))).rejects.toThrow("Dataset datasets/x.jsonl: line 2 is longer than 1048576 characters");
  });

  it("yields rows before the whole source has arrived", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('{"input":{"n":1}}\n'));
        await gate;
        controller.enqueue(encoder.encode('{"input":{"n":2}}\n'));
        controller.close();
      },
    });
    const iterator = datasetRows(stream, "p")[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ input: { n: 1 } });
    release();
    expect((await iterator.next()).value).toMatchObject({ input: { n: 2 } });
  });
});
