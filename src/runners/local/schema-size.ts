/**
 * How many values the local model would generate for a JSON schema, counted from the sizes
 * the schema declares (`properties`, `minItems`) before anything is generated, and stopping
 * as soon as the count passes the limit: a 377-byte schema asking for `minItems: 10000000`
 * is refused in microseconds instead of filling gigabytes. YAML aliases can make a schema
 * that is small as text but huge once expanded; the walk never looks at more than `limit`
 * values, whatever the shape.
 */
import { PromptError } from "../../prompt/errors";

type Schema = Record<string, unknown>;

/** Deeper than this, a schema is refused too (the generator recurses once per level). */
export const MAX_SCHEMA_DEPTH = 100;

function asSchema(value: unknown): Schema | undefined {
  return typeof value === "object" && value !== null ? (value as Schema) : undefined;
}

/** The count, or `limit + 1` once it is known to exceed `limit`. */
export function schemaValueCount(schema: unknown, limit: number, depth = 0): number {
  if (depth > MAX_SCHEMA_DEPTH) return limit + 1;
  const s = asSchema(schema);
  if (!s || "const" in s || (Array.isArray(s.enum) && s.enum.length > 0)) return 1;
  const variants = (s.anyOf ?? s.oneOf) as unknown;
  if (Array.isArray(variants) && variants.length > 0) return schemaValueCount(variants[0], limit, depth + 1);
  const type = Array.isArray(s.type) ? ((s.type.find((t) => t !== "null") as string | undefined) ?? "null") : typeof s.type === "string" ? s.type : s.properties ? "object" : undefined;
  if (type === "object") {
    let count = 1;
    for (const sub of Object.values(asSchema(s.properties) ?? {})) {
      count += schemaValueCount(sub, limit - count, depth + 1);
      if (count > limit) return limit + 1;
    }
    return count;
  }
  if (type === "array") {
    const items = typeof s.minItems === "number" && s.minItems > 0 ? s.minItems : 1;
    if (items > limit) return limit + 1;
    const each = schemaValueCount(s.items, limit, depth + 1);
    const count = 1 + items * each;
    return count > limit ? limit + 1 : count;
  }
  return 1;
}

/** Refuses (400) an object prompt whose schema asks the local model for more than `limit` values. */
export function checkSchemaSize(schema: unknown, limit: number): void {
  if (schemaValueCount(schema, limit) > limit) {
    throw new PromptError(
      `The object schema asks the local model for more than ${limit} values (minItems, properties, nesting deeper than ${MAX_SCHEMA_DEPTH}) (setting limits.run.maxLocalModelValues)`,
    );
  }
}
