/**
 * What drives every fake model API, whatever its wire format (test/fakes/openai.ts,
 * test/fakes/anthropic.ts): flags in the model id, markers in the user's text, and answers
 * synthesised from a JSON schema.
 */
type Json = Record<string, any>;

/** The model id's flags, joined with `+` (`claude-fake+paced` → claude-fake, paced). */
export function flags(model: unknown): Set<string> {
  return new Set(typeof model === "string" ? model.split("+") : []);
}

/** Every `[[name:…]]` marker's content in the text, in order. */
export function markers(escaped: string, name: string): string[] {
  // AgentMark markdown-escapes interpolated props (`\[\[say:…\]\]`): undo that first
  const text = escaped.replace(/\\([\\`*_{}\[\]()#+\-.!<>&|~])/g, "$1");
  return [...text.matchAll(new RegExp(`\\[\\[${name}:([\\s\\S]*?)\\]\\]`, "g"))].map((m) => m[1]!);
}

/** A value satisfying the schema: enums' first value, `fake <key>` strings, 0.5, 2, true. */
export function synthesize(schema: Json | undefined, key = "value"): unknown {
  if (!schema || typeof schema !== "object") return null;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Json = {};
      for (const [k, v] of Object.entries((schema.properties ?? {}) as Json)) out[k] = synthesize(v as Json, k);
      return out;
    }
    case "array":
      return [synthesize(schema.items, key)];
    case "number":
      return 0.5;
    case "integer":
      return 2;
    case "boolean":
      return true;
    case "string":
      return `fake ${key}`;
    default:
      return null;
  }
}
