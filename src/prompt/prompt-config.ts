/**
 * What a prompt's frontmatter says (its config key, name, test settings, meta and the
 * validated `*_config`), read once per distinct frontmatter: the same prompts come back with
 * every request, and js-yaml + zod were a fifth of compiling one. The entry is keyed by the
 * YAML source and by the limits it was checked against, deep-frozen so no request can change
 * what the next one gets, and not kept when it cannot be frozen (a YAML timestamp is a `Date`)
 * or when the YAML uses aliases (its expanded size is not bounded by its source's length).
 */
import type { z } from "zod";
import { isRecord, type AstNode } from "./ast";
import type { Budget } from "./budget";
import { ByteBoundedCache } from "./byte-cache";
import { deepFreeze } from "./deep-freeze";
import { PromptError } from "./errors";
import { readFrontmatter } from "./frontmatter";
import {
  agentmarkMetaSchema,
  imageConfigSchema,
  nameSchema,
  objectConfigSchema,
  speechConfigSchema,
  testSettingsSchema,
  textConfigSchema,
} from "./schema";
import type { AgentmarkMeta, PromptKind, TestSettings } from "./types";

const CONFIG_KEYS = {
  object_config: "object",
  text_config: "text",
  image_config: "image",
  speech_config: "speech",
} as const satisfies Record<string, PromptKind>;

type ConfigKey = keyof typeof CONFIG_KEYS;

const CONFIG_SCHEMAS = {
  object_config: objectConfigSchema,
  text_config: textConfigSchema,
  image_config: imageConfigSchema,
  speech_config: speechConfigSchema,
} as const;

export interface PromptConfig {
  readonly configKey: ConfigKey;
  readonly kind: PromptKind;
  readonly base: { name: string; test_settings?: TestSettings; agentmark_meta?: AgentmarkMeta };
  /**
   * The validated `*_config`, or why it is invalid: thrown by the caller only after rendering,
   * so a prompt with several problems reports the same one first as it always has.
   */
  readonly config: { ok: true; value: unknown } | { ok: false; error: string };
}

// Frontmatter parsed and validated, within about 4 MiB. Measured at 3–7 bytes of heap per character of YAML
// (prompt-like and key-heavy frontmatter, without the key); 32 leaves room for worse shapes.
export const configCache = new ByteBoundedCache<PromptConfig>(4 * 1024 * 1024, 32);

export function readPromptConfig(children: readonly AstNode[], budget: Budget): PromptConfig {
  const node = children.find((child) => child.type === "yaml");
  const source = typeof node?.value === "string" ? node.value : undefined;
  const { maxDepth, maxFrontmatterChars } = budget.limits;
  const key = source === undefined ? undefined : `${maxDepth},${maxFrontmatterChars}\n${source}`;
  const cached = key === undefined ? undefined : configCache.get(key);
  if (cached !== undefined) return cached;
  const config = readUncached(children, budget);
  if (key !== undefined && !source!.includes("*") && deepFreeze(config)) configCache.set(key, config);
  return config;
}

function readUncached(children: readonly AstNode[], budget: Budget): PromptConfig {
  const frontmatter = readFrontmatter(children, budget);
  const configKey = selectConfigKey(frontmatter);
  const base = {
    name: validate(nameSchema, frontmatter.name, "name"),
    ...optional("test_settings", testSettingsSchema, frontmatter.test_settings),
    ...optional("agentmark_meta", agentmarkMetaSchema, frontmatter.agentmark_meta),
  } as PromptConfig["base"];
  const result = (CONFIG_SCHEMAS[configKey] as z.ZodType).safeParse(frontmatter[configKey]);
  return {
    configKey,
    kind: CONFIG_KEYS[configKey],
    base,
    config: result.success ? { ok: true, value: result.data } : { ok: false, error: describe(result.error, configKey) },
  };
}

/** The validated `*_config`, or the PromptError of an invalid one. */
export function validConfig<T>(config: PromptConfig): T {
  if (!config.config.ok) throw new PromptError(config.config.error);
  return config.config.value as T;
}

function selectConfigKey(frontmatter: Record<string, unknown>): ConfigKey {
  const present = (Object.keys(CONFIG_KEYS) as ConfigKey[]).filter((key) => frontmatter[key] !== undefined);
  if (present.length === 1) return present[0] as ConfigKey;
  if (present.length > 1) {
    throw new PromptError(`Invalid prompt: the frontmatter has several configs (${present.join(", ")}); keep exactly one.`);
  }
  const metadata = frontmatter.metadata;
  if (isRecord(metadata) && metadata.model !== undefined) {
    throw new PromptError(
      "Invalid prompt: the frontmatter key metadata.model is the old format, no longer supported; use text_config, object_config, image_config or speech_config with a model_name.",
    );
  }
  throw new PromptError(
    "Invalid prompt: the frontmatter has none of text_config, object_config, image_config, speech_config.",
  );
}

function optional<K extends string, S extends z.ZodType>(key: K, schema: S, value: unknown): Partial<Record<K, z.output<S>>> {
  return value === undefined ? {} : ({ [key]: validate(schema, value, key) } as Record<K, z.output<S>>);
}

function validate<S extends z.ZodType>(schema: S, value: unknown, key: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new PromptError(describe(result.error, key));
}

function describe(error: z.ZodError, key: string): string {
  const problems = error.issues.map((issue) => {
    const path = [key, ...issue.path.map(String)].join(".");
    return `${path}: ${issue.message}`;
  });
  return `Invalid prompt frontmatter: ${problems.join("; ")}`;
}
