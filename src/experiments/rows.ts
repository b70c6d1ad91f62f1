/**
 * Dataset rows from a byte stream, one JSON object per line (spec §6.1), parsed as the
 * bytes arrive: memory holds one line at a time, never the whole dataset. Blank lines are
 * skipped. A JSON array body is accepted too when written one element per line (or on a
 * single line). Bounded by the options: characters per line, rows per dataset, and how long
 * one line may take to arrive (a source that hangs or drips a byte at a time ends the run).
 */
import { jsonBreach } from "../core/json-bounds";
import { DEFAULT_RUN_LIMITS, DEFAULT_TIMEOUTS, RunLimitError, TimeoutExceededError } from "../core/limits";

export interface DatasetRow {
  input: Record<string, unknown>;
  expected_output?: unknown;
  /** 1-based line number in the source, for error messages. */
  line: number;
}

export class DatasetError extends Error {
  override readonly name = "DatasetError";
}

/**
 * A dataset that cannot be found where the deployment looks for datasets: the job names
 * something that is not there, a 400 (not 404: AgentMark's CLI reads a 404 as "the endpoint
 * was not found" and says so; its tip for a 400 is to check the dataset).
 */
export class DatasetNotFoundError extends DatasetError {}

export interface DatasetReadOptions {
  /** `limits.run.maxDatasetLineChars`: longer is a malformed dataset, not a memory problem. */
  maxLineChars: number;
  /** `limits.run.maxDatasetRows`. */
  maxRows: number;
  /** `limits.run.maxDatasetRowDepth`. */
  maxDepth: number;
  /** `limits.timeouts.datasetReadMs`: the longest one line may take to arrive. */
  readTimeoutMs: number;
}

export const DEFAULT_DATASET_READ: DatasetReadOptions = {
  maxLineChars: DEFAULT_RUN_LIMITS.maxDatasetLineChars,
  maxRows: DEFAULT_RUN_LIMITS.maxDatasetRows,
  maxDepth: DEFAULT_RUN_LIMITS.maxDatasetRowDepth,
  readTimeoutMs: DEFAULT_TIMEOUTS.datasetReadMs,
};

function tooLong(path: string, line: number, max: number): RunLimitError {
  return new RunLimitError(`Dataset ${path}: line ${line} is longer than ${max} characters`, "limits.run.maxDatasetLineChars");
}

/** `reader.read()`, or a timeout error once `deadline` (ms since epoch) has passed. */
async function readBefore(reader: ReadableStreamDefaultReader<Uint8Array>, deadline: number, path: string, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutExceededError(`Dataset ${path}: no complete line arrived within ${ms} ms`, "limits.timeouts.datasetReadMs")),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([reader.read(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function* lines(bytes: ReadableStream<Uint8Array>, path: string, options: DatasetReadOptions): AsyncGenerator<string> {
  const { maxLineChars, readTimeoutMs } = options;
  const reader = bytes.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let lineNumber = 0;
  // Each line must arrive within readTimeoutMs of the reader asking for it (time spent by the consumer does not count).
  let deadline = Date.now() + readTimeoutMs;
  try {
    for (;;) {
      const { done, value } = await readBefore(reader, deadline, path, readTimeoutMs);
      if (done) break;
      let scanFrom = buffer.length; // only the new text can hold the next newline
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n", scanFrom)) >= 0) {
        lineNumber++;
        if (newline > maxLineChars) throw tooLong(path, lineNumber, maxLineChars);
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        scanFrom = 0;
        yield line;
        deadline = Date.now() + readTimeoutMs;
      }
      if (buffer.length > maxLineChars) throw tooLong(path, lineNumber + 1, maxLineChars);
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

export async function* datasetRows(
  bytes: ReadableStream<Uint8Array>,
  path: string,
  options: DatasetReadOptions = DEFAULT_DATASET_READ,
): AsyncGenerator<DatasetRow> {
  let lineNumber = 0;
  let yielded = 0;
  let inArray = false;
  const counted = (row: DatasetRow): DatasetRow => {
    if (++yielded > options.maxRows) {
      throw new RunLimitError(`Dataset ${path} has more than ${options.maxRows} rows`, "limits.run.maxDatasetRows");
    }
    if (jsonBreach(row.input, options.maxDepth - 1) || jsonBreach(row.expected_output, options.maxDepth - 1)) {
      throw new RunLimitError(`Dataset ${path}: the row at line ${row.line} is nested deeper than ${options.maxDepth} levels`, "limits.run.maxDatasetRowDepth");
    }
    return row;
  };
  for await (const raw of lines(bytes, path, options)) {
    lineNumber++;
    let text = raw.trim();
    if (text === "") continue;
    if (yielded === 0 && !inArray && text.startsWith("[")) {
      if (text.endsWith("]") && text.length > 1 && text !== "[]") {
        // A whole JSON array on one line: that line is the whole dataset anyway.
        const items = parseJson(text, lineNumber, path);
        if (!Array.isArray(items)) throw new DatasetError(`Invalid dataset ${path}: line ${lineNumber} is not a JSON array`);
        for (const item of items) yield counted(toRow(item, lineNumber));
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
    yield counted(toRow(parseJson(text, lineNumber, path), lineNumber));
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
