/**
 * Whether a JSON value stays within a nesting depth and an approximate serialised size,
 * checked with an explicit stack and stopping at the first breach: a value nested 100,000
 * deep costs no call stack and no more time than the breach takes to find.
 */
export type JsonBreach = "depth" | "size";

export function jsonBreach(value: unknown, maxDepth: number, maxChars = Number.POSITIVE_INFINITY): JsonBreach | undefined {
  let chars = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === "object" && current !== null && depth > maxDepth) return "depth";
    if (typeof current === "string") chars += current.length + 2;
    else if (Array.isArray(current)) {
      chars += 2 + current.length;
      for (const item of current) stack.push([item, depth + 1]);
    } else if (typeof current === "object" && current !== null) {
      for (const [key, item] of Object.entries(current)) {
        chars += key.length + 4;
        stack.push([item, depth + 1]);
      }
      chars += 2;
    } else chars += 8;
    if (chars > maxChars) return "size";
  }
  return undefined;
}
