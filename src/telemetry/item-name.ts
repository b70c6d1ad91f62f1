/**
 * `agentmark.dataset_item_name` (spec §6.6, dataset-item-name.json): the first 12 hex chars of
 * the md5 of the input's canonical JSON (keys sorted at every level, compact, every non-ASCII
 * UTF-16 code unit escaped as `\uXXXX`, i.e. Python's `json.dumps(sort_keys=True,
 * separators=(",", ":"))`); the row index when there is nothing to hash (null, "", {}).
 * md5 is @noble/hashes' pure-JS one: Workers have no `node:crypto` and WebCrypto has no md5.
 */
import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** Compact JSON with sorted keys and ASCII-only output (`\u00e9`, surrogate pairs as two escapes). */
export function canonicalJson(value: unknown): string {
  const json = JSON.stringify(sortKeys(value)) ?? "null";
  return json.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function isEmpty(input: unknown): boolean {
  if (input === null || input === undefined || input === "") return true;
  return typeof input === "object" && !Array.isArray(input) && Object.keys(input).length === 0;
}

export function datasetItemName(input: unknown, index: number): string {
  if (isEmpty(input)) return String(index);
  return bytesToHex(md5(utf8ToBytes(canonicalJson(input)))).slice(0, 12);
}
