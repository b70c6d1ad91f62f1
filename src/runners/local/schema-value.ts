/**
 * A deterministic value that satisfies a JSON Schema, for object prompts on the local
 * model. Covers the schema keywords prompts use (type, properties, required, items,
 * enum, const, minimum/maximum, minItems, anyOf/oneOf); strings carry the seed text.
 */
type Schema = Record<string, unknown>;

function pickType(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return (type.find((t) => t !== "null") as string | undefined) ?? "null";
  return typeof type === "string" ? type : schema.properties ? "object" : undefined;
}

function numberIn(schema: Schema, seed: number, integer: boolean): number {
  const min = typeof schema.minimum === "number" ? schema.minimum : 0;
  const max = typeof schema.maximum === "number" ? schema.maximum : min + 100;
  const span = Math.max(0, max - min);
  const value = min + (span === 0 ? 0 : seed % (Math.floor(span) + 1));
  return integer ? Math.ceil(value) : value;
}

export function valueForSchema(schema: unknown, seedText: string, seed: number): unknown {
  if (typeof schema !== "object" || schema === null) return seedText;
  const s = schema as Schema;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[seed % s.enum.length];
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) return valueForSchema(variants[0], seedText, seed);
  switch (pickType(s)) {
    case "object": {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(properties)) out[key] = valueForSchema(sub, seedText, seed);
      return out;
    }
    case "array": {
      const count = typeof s.minItems === "number" && s.minItems > 0 ? s.minItems : 1;
      return Array.from({ length: count }, (_, i) => valueForSchema(s.items, seedText, seed + i));
    }
    case "integer":
      return numberIn(s, seed, true);
    case "number":
      return numberIn(s, seed, false);
    case "boolean":
      return seed % 2 === 0;
    case "null":
      return null;
    default:
      return seedText;
  }
}
