/**
 * Row sampling for experiments (spec §6.3), with the platform's modes, messages and its
 * bit-exact seeded random so a seed selects the same rows everywhere.
 *   rows:  keep these 0-based indices (a list, or a "0,3-5,9" string as the CLI accepts)
 *   sample: keep each row with probability sample/100 (seeded when `seed` is given)
 *   split:  train/test split, by seeded hash, or by position when no seed is given
 */
export interface SamplingOptions {
  sample?: number;
  rows?: number[];
  split?: { portion: "train" | "test"; percentage: number };
  seed?: number;
}

export class SamplingError extends Error {
  override readonly name = "SamplingError";
}

/** mulberry32-style hash of (seed + index) → [0, 1); must stay bit-exact with the platform. */
export function seededRandom(seed: number, index: number): number {
  let h = (seed + index) | 0;
  h = (h + 0x6d2b79f5) | 0;
  let t = Math.imul(h ^ (h >>> 15), 1 | h);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function parseIndex(value: string, token: string): number {
  if (!/^\d+$/.test(value)) throw new SamplingError(`Invalid row index: "${value}" in "${token}"`);
  return Number.parseInt(value, 10);
}

/** More rows than any dataset a webhook should run in one request; guards memory and CPU. */
export const MAX_SELECTED_ROWS = 1_000_000;

/** "0,3-5,9" → [0, 3, 4, 5, 9] (sorted, deduplicated). */
export function parseRowSelection(input: string): number[] {
  const text = input.trim();
  if (text === "") throw new SamplingError("Row selection cannot be empty");
  const picked = new Set<number>();
  for (const raw of text.split(",")) {
    const token = raw.trim();
    if (token === "") throw new SamplingError("Row selection contains empty token");
    const bounds = token.split("-");
    if (bounds.length > 2) throw new SamplingError(`Invalid range format: "${token}"`);
    const start = parseIndex(bounds[0]!.trim(), token);
    const end = bounds.length === 2 ? parseIndex(bounds[1]!.trim(), token) : start;
    if (start > end) throw new SamplingError(`Invalid range: start (${start}) is greater than end (${end}) in "${token}"`);
    if (end - start + 1 + picked.size > MAX_SELECTED_ROWS) {
      throw new SamplingError(`Row selection selects more than ${MAX_SELECTED_ROWS} rows`);
    }
    for (let i = start; i <= end; i++) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b);
}

/** "train:80" → { portion: "train", percentage: 80 }. */
export function parseSplitSpec(input: string): { portion: "train" | "test"; percentage: number } {
  const text = input.trim();
  const parts = text.split(":");
  if (parts.length !== 2) {
    throw new SamplingError(`Invalid split format: expected "train:<percentage>" or "test:<percentage>", got "${text}"`);
  }
  const portion = parts[0]!.trim();
  if (portion !== "train" && portion !== "test") {
    throw new SamplingError(`Invalid split portion: expected "train" or "test", got "${portion}"`);
  }
  const digits = parts[1]!.trim();
  if (!/^\d+$/.test(digits)) throw new SamplingError(`Invalid split percentage: expected integer 1-99, got "${digits}"`);
  const percentage = Number.parseInt(digits, 10);
  if (percentage < 1 || percentage > 99) throw new SamplingError(`Split percentage must be between 1 and 99, got ${percentage}`);
  return { portion, percentage };
}

/** The wire's `data.sampling` (loosely typed JSON) → validated options. */
export function toSamplingOptions(raw: Record<string, unknown> | undefined): SamplingOptions {
  if (!raw) return {};
  const options: SamplingOptions = {};
  if (raw.sample !== undefined) options.sample = raw.sample as number;
  if (raw.rows !== undefined) {
    if (typeof raw.rows === "string") options.rows = parseRowSelection(raw.rows);
    else if (Array.isArray(raw.rows) && raw.rows.every((r) => typeof r === "number")) options.rows = raw.rows as number[];
    else throw new SamplingError('Rows must be a list of row indices or a selection such as "0,3-5,9"');
  }
  if (raw.split !== undefined) {
    if (typeof raw.split === "string") options.split = parseSplitSpec(raw.split);
    else if (typeof raw.split === "object" && raw.split !== null) options.split = raw.split as SamplingOptions["split"];
    else throw new SamplingError('Split must be {"portion","percentage"} or a spec such as "train:80"');
  }
  if (raw.seed !== undefined) options.seed = raw.seed as number;
  validateSamplingOptions(options);
  return options;
}

export function validateSamplingOptions(options: SamplingOptions): void {
  const modes = [options.sample, options.rows, options.split].filter((m) => m !== undefined);
  if (modes.length > 1) {
    throw new SamplingError("Sampling options are mutually exclusive: only one of --sample, --rows, or --split may be used");
  }
  if (options.sample !== undefined) {
    if (!Number.isInteger(options.sample) || options.sample < 1 || options.sample > 100) {
      throw new SamplingError("Sample percentage must be an integer between 1 and 100");
    }
  }
  if ((options.rows?.length ?? 0) > MAX_SELECTED_ROWS) {
    throw new SamplingError(`Row selection selects more than ${MAX_SELECTED_ROWS} rows`);
  }
  for (const row of options.rows ?? []) {
    if (!Number.isInteger(row) || row < 0) throw new SamplingError(`Row index must be non-negative, got ${row}`);
  }
  if (options.split !== undefined) {
    const { portion, percentage } = options.split;
    if (portion !== "train" && portion !== "test") {
      throw new SamplingError(`Split portion must be "train" or "test", got "${String(portion)}"`);
    }
    if (!Number.isInteger(percentage) || percentage < 1 || percentage > 99) {
      throw new SamplingError("Split percentage must be an integer between 1 and 99");
    }
  }
  if (options.seed !== undefined && (typeof options.seed !== "number" || !Number.isFinite(options.seed))) {
    throw new SamplingError("Seed must be a finite number");
  }
}

/** True when an unseeded positional split needs the total row count before it can pick rows. */
export function needsRowCount(options: SamplingOptions): boolean {
  return options.split !== undefined && options.seed === undefined;
}

/**
 * A predicate over raw 0-based row indices. `totalRows` is required for a positional
 * split (the caller counts the rows in a first pass instead of buffering them).
 */
export function rowFilter(options: SamplingOptions, totalRows?: number, random: () => number = Math.random): (index: number) => boolean {
  if (options.rows !== undefined) {
    const wanted = new Set(options.rows);
    return (i) => wanted.has(i);
  }
  const { sample, split, seed } = options;
  if (sample !== undefined) {
    return seed !== undefined ? (i) => seededRandom(seed, i) < sample / 100 : () => random() < sample / 100;
  }
  if (split !== undefined) {
    if (seed !== undefined) {
      return (i) => (seededRandom(seed, i) < split.percentage / 100) === (split.portion === "train");
    }
    if (totalRows === undefined) throw new Error("a positional split needs the row count");
    const cutoff = Math.round((totalRows * split.percentage) / 100);
    return split.portion === "train" ? (i) => i < cutoff : (i) => i >= cutoff;
  }
  return () => true;
}
