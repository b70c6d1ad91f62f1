/**
 * How long a value's text would be, computed before the text is made. Values can share
 * parts (`[props.doc, props.doc, …]`), so converting one to a string can allocate far more
 * than the request held; these walks stop as soon as they pass `cap`, so they cost at most
 * about `cap` steps. Both return a number greater than `cap` when the text would not fit.
 */

/** The length of `String(value)` (arrays joined with "," as JavaScript does, objects `[object Object]`). */
export function textLength(value: unknown, cap: number): number {
  return textLengthIn(value, cap, new Set());
}

/** The length of `array.join(separator)` for a separator of `separatorLength` characters. */
export function joinLength(array: readonly unknown[], separatorLength: number, cap: number): number {
  return joinLengthIn(array, separatorLength, cap, new Set());
}

function textLengthIn(value: unknown, cap: number, open: Set<unknown>): number {
  if (typeof value === "string") return value.length;
  if (value === null || typeof value !== "object") return String(value).length;
  if (Array.isArray(value)) return joinLengthIn(value, 1, cap, open);
  if (value instanceof Date || ArrayBuffer.isView(value)) return String(value).length;
  return "[object Object]".length;
}

// Array.prototype.join: holes, null and undefined are empty; an array inside itself is empty.
function joinLengthIn(array: readonly unknown[], separatorLength: number, cap: number, open: Set<unknown>): number {
  if (open.has(array)) return 0;
  open.add(array);
  let total = Math.max(0, array.length - 1) * separatorLength;
  for (let index = 0; index < array.length && total <= cap; index++) {
    const item: unknown = array[index];
    if (item !== null && item !== undefined) total += textLengthIn(item, cap - total, open);
  }
  open.delete(array);
  return total;
}

/** The length of `JSON.stringify(value)` (0 when it gives `undefined`). */
export function jsonLength(value: unknown, cap: number): number {
  return jsonLengthIn(value, cap, new Set());
}

function jsonLengthIn(value: unknown, cap: number, open: Set<unknown>): number {
  switch (typeof value) {
    case "string":
      return quotedLength(value, cap);
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "boolean":
      return value ? 4 : 5;
    case "object":
      break;
    default:
      return 0;
  }
  if (value === null) return 4;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 4 : 26;
  // A value inside itself: JSON.stringify throws; count it as too long.
  if (open.has(value)) return cap + 1;
  open.add(value);
  let total = 2;
  if (Array.isArray(value)) {
    total += Math.max(0, value.length - 1);
    for (let index = 0; index < value.length && total <= cap; index++) {
      const item: unknown = value[index];
      total += omitted(item) ? 4 : jsonLengthIn(item, cap - total, open);
    }
  } else {
    let first = true;
    for (const key of Object.keys(value)) {
      if (total > cap) break;
      const item = (value as Record<string, unknown>)[key];
      if (omitted(item)) continue;
      total += (first ? 0 : 1) + quotedLength(key, cap - total) + 1 + jsonLengthIn(item, cap - total, open);
      first = false;
    }
  }
  open.delete(value);
  return total;
}

function omitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON string length with its quotes and escapes. */
function quotedLength(text: string, cap: number): number {
  if (!NEEDS_ESCAPE.test(text)) return text.length + 2;
  let length = 2;
  for (let index = 0; index < text.length && length <= cap; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x22 || code === 0x5c || code === 0x08 || code === 0x0c || code === 0x0a || code === 0x0d || code === 0x09) {
      length += 2;
    } else if (code < 0x20) {
      length += 6;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      const pair = code <= 0xdbff ? text.charCodeAt(index + 1) : Number.NaN;
      if (pair >= 0xdc00 && pair <= 0xdfff) {
        length += 2;
        index++;
      } else {
        length += 6;
      }
    } else {
      length += 1;
    }
  }
  return length;
}
