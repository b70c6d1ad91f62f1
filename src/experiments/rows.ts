/**
 * Dataset rows from a byte stream, one JSON object per line (spec §6.1), parsed as the
 * bytes arrive: memory holds one line at a time, never the whole dataset. Blank lines are
 * skipped. A JSON array body is accepted too when written one element per line (or on a
 * single line).
 */
export interface DatasetRow {
  input: Record<string, unknown>;
  expected_output?: unknown;
  /** 1-based line number in the source, for error messages. */
  line: number;
}

export class DatasetError extends Error {
  override readonly name = "DatasetError";
}

/** Longest dataset line accepted (one row's JSON); longer is a malformed dataset, not a memory problem. */
export const MAX_LINE_CHARS = 1024 * 1024;

function tooLong(path: string, line: number): DatasetError {
  return new DatasetError(`Dataset ${path}: line ${line} is longer than ${MAX_LINE_CHARS} characters`);
}

async function* lines(bytes: ReadableStream<Uint8Array>, path: string): AsyncGenerator<string> {
  const reader = bytes.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let lineNumber = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let scanFrom = buffer.length; // only the new text can hold the next newline
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n", scanFrom)) >= 0) {
        lineNumber++;
        if (newline > MAX_LINE_CHARS) throw tooLong(path, lineNumber);
        yield buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        scanFrom = 0;
      }
      if (buffer.length > MAX_LINE_CHARS) throw tooLong(path, lineNumber + 1);
    }
    buffer += decoder.decode();
    if (buffer !== "") yield buffer;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function toRow(value: unknown, line: number): DatasetRow {
  const record = value as { input?: unknown; expected_output?: unknown } | null;
  const input = record?.input;
  if (typeof record !== "object" || record === null || typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new DatasetError(
      `Invalid dataset row at line ${line}: missing or invalid 'input' field. Each row must have an 'input' object.`,
    );
  }
  const row: DatasetRow = { input: input as Record<string, unknown>, line };
  if ("expected_output" in record) row.expected_output = record.expected_output;
  return row;
}

function parseJson(text: string, line: number, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DatasetError(`Failed to parse JSON at line ${line} in dataset ${path}: ${(err as Error).message}`);
  }
}

export async function* datasetRows(bytes: ReadableStream<Uint8Array>, path: string): AsyncGenerator<DatasetRow> {
  let lineNumber = 0;
  let yielded = 0;
  let inArray = false;
  for await (const raw of lines(bytes, path)) {
    lineNumber++;
    let text = raw.trim();
    if (text === "") continue;
    if (yielded === 0 && !inArray && text.startsWith("[")) {
      if (text.endsWith("]") && text.length > 1 && text !== "[]") {
        // A whole JSON array on one line: that line is the whole dataset anyway.
        const items = parseJson(text, lineNumber, path);
        for (const item of items as unknown[]) {
          yielded++;
          yield toRow(item, lineNumber);
        }
        continue;
      }
      inArray = true;
      text = text.slice(1).trim();
      if (text === "" || text === "]") continue;
    }
    if (inArray) {
      if (text === "]") continue;
      if (text.endsWith(",")) text = text.slice(0, -1);
      if (text.endsWith("]")) text = text.slice(0, -1).trim();
      if (text === "") continue;
    }
    yielded++;
    yield toRow(parseJson(text, lineNumber, path), lineNumber);
  }
  if (yielded === 0) throw new DatasetError(`Dataset ${path} is empty or contains no valid rows`);
}

/** A string as a byte stream, for datasets bundled into the Worker as text. */
export function textStream(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
